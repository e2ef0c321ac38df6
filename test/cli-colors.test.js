'use strict';
// Colors only on a terminal and never with NO_COLOR; a terminal also gets
// bench progress and is refused a binary dump. `script` (util-linux, in
// Debian's essential bsdutils) gives the child a pseudo-terminal.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { CLI, runCli } = require('./helpers/cli');

const ESC = /\x1b\[/;

function onTerminal(args, env = {}) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', TERM: 'xterm', ...env },
  });
  if (r.error) throw new Error(`script (bsdutils) is needed for the terminal tests: ${r.error.message}`);
  return { status: r.status, output: r.stdout.replace(/\r\n/g, '\n') };
}

test('colors on a terminal', () => {
  const r = onTerminal(['clocks', '--batches', '1']);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, ESC);
});

test('no colors with NO_COLOR set, into a pipe, or with --json', () => {
  const r = onTerminal(['clocks', '--batches', '1'], { NO_COLOR: '1' });
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /REALTIME/);
  assert.doesNotMatch(r.output, ESC);
  const piped = runCli(['info']);
  assert.doesNotMatch(piped.stdout, ESC);
  const json = onTerminal(['info', '--json']);
  assert.doesNotMatch(json.output, ESC);
  assert.equal(typeof JSON.parse(json.output).present, 'boolean');
});

test('dump refuses to write binary to a terminal', () => {
  const r = onTerminal(['dump']);
  assert.equal(r.status, 2);
  assert.match(r.output, /refusing to write a binary image to a terminal/);
  assert.doesNotMatch(r.output, /ELF/);
});

test('bench shows progress on a terminal', () => {
  const r = onTerminal(['bench', '--time', '5']);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /bench: process 1\/3, \d+ tasks/);
});
