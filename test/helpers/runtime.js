'use strict';
// Which JavaScript runtime runs the suites (Node, Bun or Deno, all of which
// load Node-API addons and run node:test files), and what differs between
// them that a test must know. Loading this module does nothing else.
const bun = process.versions.bun !== undefined;
const deno = typeof globalThis.Deno !== 'undefined';
const name = bun ? 'Bun' : deno ? 'Deno' : 'Node';

// Whether this process runs on musl, by an oracle outside the package:
// readelf's word on the running executable's program interpreter.
function interpreter() {
  const { spawnSync } = require('node:child_process');
  const r = spawnSync('readelf', ['--program-headers', '--wide', process.execPath], { encoding: 'utf8' });
  return /program interpreter: ([^\]]+)\]/.exec(r.stdout ?? '')?.[1] ?? null;
}
const musl = process.platform === 'linux' && /\/ld-musl-/.test(interpreter() ?? '');

/** The arguments that run `files` as node:test suites in a child of this runtime, and a parser of its summary. */
function testRunner(files) {
  if (bun) return { args: ['test', ...files], summary: (out) => count(out, /^\s*(\d+) pass$/m, /^\s*(\d+) fail$/m, /^\s*(\d+) skip$/m) };
  if (deno) return { args: ['test', '-A', '--no-check', ...files], summary: (out) => count(out, /(\d+) passed/, /(\d+) failed/, /(\d+) ignored/) };
  return { args: ['--test', '--test-reporter=tap', ...files], summary: (out) => count(out, /^# pass (\d+)$/m, /^# fail (\d+)$/m, /^# skipped (\d+)$/m) };
}

function count(out, pass, fail, skip) {
  const n = (re) => Number(re.exec(out)?.[1] ?? NaN);
  return { passed: n(pass), failed: n(fail), skipped: n(skip) || 0 };
}

/** Arguments that run a script file in this runtime (Deno needs `run -A`). */
const scriptArgs = (file, ...rest) => (deno ? ['run', '-A', file, ...rest] : [file, ...rest]);

/** Arguments that evaluate `code` in this runtime (Deno: `eval`, Bun and Node: `-e`). */
const evalArgs = (code) => (deno ? ['eval', code] : ['-e', code]);

module.exports = { name, bun, deno, node: !bun && !deno, musl, libc: musl ? 'musl' : 'glibc', testRunner, scriptArgs, evalArgs };
