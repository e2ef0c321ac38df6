'use strict';
// The command line contract: help, version, the default command, and exit
// status 2 with nothing on stdout for every kind of wrong usage.
const test = require('node:test');
const assert = require('node:assert/strict');
const { runCli, runJson } = require('./helpers/cli');
const pkg = require('../package.json');

const COMMANDS = ['info', 'clocks', 'inspect', 'dump', 'bench'];

test('--version prints the package version', () => {
  const r = runCli(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `${pkg.version}\n`);
});

test('--help lists every command; each command has its own --help', () => {
  const top = runCli(['--help']);
  assert.equal(top.status, 0);
  for (const c of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${c} `, 'm'), c);
  for (const c of COMMANDS) {
    for (const args of [[c, '--help'], [c, '-h'], ['help', c]]) {
      const r = runCli(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, new RegExp(`^Usage: vdso ${c} `), args.join(' '));
      assert.match(r.stdout, /--json/);
      assert.equal(r.stderr, '');
    }
  }
});

test('vdso alone is vdso info, and vdso --json is info --json', () => {
  const plain = runCli([]);
  assert.equal(plain.status, 0);
  assert.match(plain.stdout, /^function\s+path\s+why$/m);
  const a = runJson(['--json']);
  const b = runJson(['info', '--json']);
  // Same facts; only where the vDSO is mapped differs between processes.
  const strip = (i) => JSON.stringify({ ...i, base: null, symbols: i.symbols?.map((s) => ({ ...s, address: null })), backend: null });
  assert.equal(strip(a), strip(b));
  assert.equal(typeof a.present, 'boolean');
  assert.ok(a.base === null || /^0x[0-9a-f]+$/.test(a.base));
  for (const fn of ['clock_gettime', 'gettimeofday', 'clock_getres', 'time', 'getcpu']) {
    assert.ok(['vdso', 'syscall'].includes(a.backend[fn].path), fn);
  }
});

test('wrong usage exits 2 with a message on stderr and nothing on stdout', () => {
  const cases = [
    [['bogus'], /unknown command 'bogus'/],
    [['--bogus'], /unknown option '--bogus'/],
    [['info', '--frobnicate'], /unknown option '--frobnicate'/],
    [['info', 'extra'], /unexpected argument 'extra'/],
    [['clocks', '-x'], /unknown option '-x'/],
    [['clocks', '--batches'], /argument missing/],
    [['clocks', '--batches', 'many'], /--batches must be an integer/],
    [['clocks', '--batches', '0'], /--batches must be an integer/],
    [['inspect'], /missing FILE/],
    [['inspect', '--nope', 'x.so'], /unknown option '--nope'/],
    [['dump', '-o'], /argument missing/],
    [['dump', '--json'], /-o FILE/],
    [['dump', 'file.so'], /unexpected argument 'file.so'/],
    [['bench', '--time=-5'], /--time must be/],
    [['bench', '--time', '-5'], /argument is ambiguous/],
    [['help', 'nothing'], /unknown command 'nothing'/],
    [['--version', 'info'], /unknown option '--version'/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, `vdso ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /^vdso: /);
  }
});
