'use strict';
// Output that cannot be written is an error like any other: one line on
// stderr and exit 1 (ENOSPC into /dev/full); a reader that goes away early
// (EPIPE) is not an error of ours: no output on stderr. Nothing prints a stack.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { CLI } = require('./helpers/cli');
const { buildImage } = require('./helpers/elf-builder');

// `node dist/cli.js ARGS` through sh with REDIRECT appended, as a user types it.
function redirected(args, redirect) {
  return spawnSync('sh', ['-c', `n=$1; c=$2; shift 2; "$n" "$c" "$@" ${redirect}`, 'sh', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const fixture = path.join(__dirname, 'fixtures', 'x86_64-linux-6.1-vdso64.so');

for (const args of [['info'], ['info', '--json'], ['clocks', '--batches', '1'], ['inspect', fixture], ['dump'], ['--help'], ['--version']]) {
  test(`vdso ${args.join(' ')} > /dev/full: one line on stderr, exit 1`, (t) => {
    if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full here');
    const run = redirected(args, '> /dev/full');
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /^vdso( \w+)?: stdout: cannot write: no space left on the device \(ENOSPC\)$/);
  });
}

test('vdso nope 2> /dev/full: still exit 2 (the usage error), no crash', (t) => {
  if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full here');
  const run = redirected(['nope'], '2> /dev/full');
  assert.equal(run.status, 2);
  assert.equal(run.signal, null);
});

// The CLI's stdout is a pipe whose reader closes at once, its stderr collected.
function intoClosedPipe(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status, signal) => resolve({ status, signal, stderr }));
  });
}

test('a reader that goes away (EPIPE): nothing on stderr, exit 0', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-epipe-'));
  try {
    // Megabytes of output: the writes past the pipe's buffer fail with EPIPE.
    const file = path.join(dir, 'wide.so');
    fs.writeFileSync(file, buildImage({ table: 'gnu', symbols: 20000 }));
    for (const args of [['inspect', file], ['inspect', '--json', file], ['dump'], ['info']]) {
      const r = await intoClosedPipe(args);
      assert.equal(r.stderr, '', `${args.join(' ')}: ${r.stderr}`);
      assert.deepEqual([r.status, r.signal], [0, null], args.join(' '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
