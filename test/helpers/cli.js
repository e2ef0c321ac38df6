'use strict';
// Runs the built `vdso` command as a child process, the way a user or script does.
// Only a module: requiring it runs nothing.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** { status, stdout, stderr } of `node dist/cli.js ...args`; stdout as a Buffer when `binary`. */
function runCli(args, { env = {}, input, binary = false } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '', ...env },
    input,
    encoding: binary ? 'buffer' : 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: binary ? r.stderr.toString() : r.stderr };
}

/** Runs with --json expected to succeed (or exit as told) and returns the parsed document. */
function runJson(args, { status = 0, env } = {}) {
  const r = runCli(args, { env });
  if (r.status !== status) throw new Error(`vdso ${args.join(' ')}: exit ${r.status}, expected ${status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

module.exports = { CLI, runCli, runJson };
