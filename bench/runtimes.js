'use strict';
// The runtimes a run can target: an executable path, or a short name that
// scripts/fetch-node.sh and scripts/fetch-runtime.sh turn into a cached
// executable (the versions CI tests). `--all` is the set bench/results/ holds.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const SCRIPTS = path.join(__dirname, '..', 'scripts');
const PINNED = { bun: '1.4.5', deno: '2.9.6' };
const ALL = ['20', '22', '24', '26', 'bun', 'deno'];

/** The executable for a --node value: a path as given, else 20..26 / bun / deno. */
function resolveRuntime(spec) {
  if (spec.includes('/')) return path.resolve(spec);
  if (/^\d+$/.test(spec)) {
    // This process's own Node when it is that major: nothing to fetch.
    if (!process.versions.bun && typeof globalThis.Deno === 'undefined' && process.versions.node.split('.')[0] === spec) return process.execPath;
    const dir = execFileSync('bash', [path.join(SCRIPTS, 'fetch-node.sh'), spec], { encoding: 'utf8' }).trim();
    return path.join(dir, 'bin', 'node');
  }
  if (spec in PINNED) return execFileSync('bash', [path.join(SCRIPTS, 'fetch-runtime.sh'), spec, PINNED[spec]], { encoding: 'utf8' }).trim();
  throw new RangeError(`--node ${spec}: a path to an executable, or one of ${ALL.join(', ')}`);
}

/** argv to run `script` on `exe`: Deno runs a script with `deno run -A`, Node and Bun take it as it is. */
function scriptArgs(exe, script, args = [], { v8Flags = [] } = {}) {
  if (path.basename(exe) === 'deno') {
    return ['run', '-A', ...(v8Flags.length ? [`--v8-flags=${v8Flags.join(',')}`] : []), script, ...args];
  }
  return [...v8Flags, script, ...args];
}

/** The same for this process's own runtime. */
function selfArgs(script, args, options) {
  return scriptArgs(typeof globalThis.Deno !== 'undefined' ? 'deno' : process.execPath, script, args, options);
}

module.exports = { ALL, resolveRuntime, scriptArgs, selfArgs };
