'use strict';
// Colors by Node's rule (tty.WriteStream#hasColors): on a terminal, not with
// TERM=dumb or NO_COLOR (an empty one as the running Node decides), into a pipe only with
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
// CI is one of them: set without a CI vendor's variable, Node counts 2 colors (no colors).
function colorEnv(env = {}) {
  const base = { ...process.env, TERM: 'xterm' };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'CI', 'TEAMCITY_VERSION', 'TF_BUILD']) delete base[name];
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

// Node's own answer for a terminal with this environment (hasColors() with its default 16 colors).
function nodeSaysColors(env) {
  return require('node:tty').WriteStream.prototype.getColorDepth.call(null, colorEnv(env)) >= 4;
}

test('no colors with NO_COLOR, TERM=dumb, FORCE_COLOR=0 or a bare CI on a terminal, into a pipe, or with --json; an empty NO_COLOR as Node decides', (t) => {
  if (!needs(t, 'script')) return;
  for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }, { FORCE_COLOR: '0' }, { NODE_DISABLE_COLORS: '1' }, { CI: 'true' }]) {
    assert.equal(nodeSaysColors(env), false, JSON.stringify(env));
    const r = onTerminal(['clocks', '--batches', '1'], env);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /REALTIME/);
    assert.doesNotMatch(r.output, ESC, JSON.stringify(env));
  }
  // Node 20 to 24 count an empty NO_COLOR as set; Node 26 follows no-color.org (set and not empty).
  const empty = onTerminal(['clocks', '--batches', '1'], { NO_COLOR: '' });
  assert.equal(ESC.test(empty.output), nodeSaysColors({ NO_COLOR: '' }), `NO_COLOR='' on ${process.version}`);
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
