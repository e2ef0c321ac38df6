'use strict';
// Colors by Node's rule (tty.WriteStream#hasColors): on a terminal, not with
// TERM=dumb or NO_COLOR (set at all, even empty), into a pipe only with
// FORCE_COLOR; a terminal also gets bench progress and is refused a binary
// dump. `script` (bsdutils, essential in Debian) gives the child a
// pseudo-terminal.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { CLI, runCli } = require('./helpers/cli');
const { needs } = require('./helpers/system-tools');

const ESC = /\x1b\[/;

// The environment of a color terminal, none of Node's color variables set, then `env`.
function colorEnv(env = {}) {
  const base = { ...process.env, TERM: 'xterm' };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS']) delete base[name];
  return { ...base, ...env };
}

function onTerminal(args, env = {}) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: colorEnv(env) });
  if (r.error) throw new Error(`script (bsdutils) is needed for the terminal tests: ${r.error.message}`);
  return { status: r.status, output: r.stdout.replace(/\r\n/g, '\n') };
}

test('colors on a terminal', (t) => {
  if (!needs(t, 'script')) return;
  const r = onTerminal(['clocks', '--batches', '1']);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, ESC);
});

test('no colors with NO_COLOR (even empty), TERM=dumb or FORCE_COLOR=0 on a terminal, into a pipe, or with --json', (t) => {
  if (!needs(t, 'script')) return;
  for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: '' }, { TERM: 'dumb' }, { FORCE_COLOR: '0' }, { NODE_DISABLE_COLORS: '1' }]) {
    const r = onTerminal(['clocks', '--batches', '1'], env);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /REALTIME/);
    assert.doesNotMatch(r.output, ESC, JSON.stringify(env));
  }
  const piped = runCli(['info']);
  assert.doesNotMatch(piped.stdout, ESC);
  const json = onTerminal(['info', '--json']);
  assert.doesNotMatch(json.output, ESC);
  assert.equal(typeof JSON.parse(json.output).present, 'boolean');
});

test('FORCE_COLOR gives colors into a pipe too, as in Node\'s console; never in JSON', () => {
  const forced = spawnSync(process.execPath, [CLI, 'info'], { encoding: 'utf8', env: colorEnv({ FORCE_COLOR: '1' }) });
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, ESC);
  const json = spawnSync(process.execPath, [CLI, 'info', '--json'], { encoding: 'utf8', env: colorEnv({ FORCE_COLOR: '1' }) });
  assert.doesNotMatch(json.stdout, ESC);
  const error = spawnSync(process.execPath, [CLI, 'clocks', '--batches', 'x'], { encoding: 'utf8', env: colorEnv({ FORCE_COLOR: '1' }) });
  assert.equal(error.status, 2);
  assert.match(error.stderr, /^\x1b\[31mvdso clocks: /);
});

test('dump refuses to write binary to a terminal', (t) => {
  if (!needs(t, 'script')) return;
  const r = onTerminal(['dump']);
  assert.equal(r.status, 2);
  assert.match(r.output, /refusing to write a binary image to a terminal/);
  assert.doesNotMatch(r.output, /ELF/);
});

test('bench shows progress on a terminal', (t) => {
  if (!needs(t, 'script')) return;
  const r = onTerminal(['bench', '--time', '5']);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /bench: process 1\/3, \d+ tasks/);
});
