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

test('--version and --help honour --json, alone and on every command', () => {
  for (const args of [['--version', '--json'], ['--json', '--version'], ...COMMANDS.map((c) => [c, '--version', '--json'])]) {
    assert.deepEqual(runJson(args), { name: 'vdso', version: pkg.version }, args.join(' '));
  }
  for (const c of COMMANDS) assert.equal(runCli([c, '--version']).stdout, `${pkg.version}\n`, c);
  for (const args of [['--help', '--json'], ['-h', '--json'], ['help', '--json']]) {
    const top = runJson(args);
    assert.equal(top.defaultCommand, 'info', args.join(' '));
    assert.deepEqual(top.commands.map((c) => c.command).filter((c) => COMMANDS.includes(c)), COMMANDS);
    assert.ok(top.options.some((o) => o.name === '--version'));
  }
  for (const c of COMMANDS) {
    for (const args of [[c, '--help', '--json'], [c, '-h', '--json'], [c, '--json', '--help'], ['help', c, '--json']]) {
      const h = runJson(args);
      assert.equal(h.command, c, args.join(' '));
      assert.match(h.usage, new RegExp(`^vdso ${c} `));
      // The text help says the same: its usage line and every option.
      const text = runCli([c, '--help']).stdout;
      assert.ok(text.startsWith(`Usage: ${h.usage}\n`), c);
      for (const o of h.options) assert.ok(text.includes(o.name), `${c}: ${o.name}`);
      assert.deepEqual(h.options.map((o) => o.name).slice(-3), ['--json', '--help', '--version']);
    }
  }
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
  // Same facts; only where the vDSO is mapped, and the moment the wall clock was read, differ between processes.
  const strip = (i) => JSON.stringify({ ...i, base: null, symbols: i.symbols?.map((s) => ({ ...s, address: null })), backend: null,
    wallClock: { ...i.wallClock, bound: null, taiMinusRealtimeNs: null, status: { ...i.wallClock.status, maxErrorUs: null } } });
  assert.equal(strip(a), strip(b));
  assert.equal(typeof a.present, 'boolean');
  assert.ok(a.base === null || /^0x[0-9a-f]+$/.test(a.base));
  for (const fn of ['clock_gettime', 'gettimeofday', 'clock_getres', 'time', 'getcpu']) {
    assert.ok(['vdso', 'syscall'].includes(a.backend[fn].path), fn);
  }
});

test('wrong usage exits 2 with one line on stderr naming the offending value, and nothing on stdout', () => {
  const cases = [
    [['bogus'], /^vdso: 'bogus': not a command \(commands: info, clocks/],
    [['--bogus'], /^vdso info: --bogus: unknown option/],
    [['info', '--frobnicate'], /^vdso info: --frobnicate: unknown option/],
    [['info', 'extra'], /^vdso info: 'extra': unexpected argument/],
    [['clocks', '-x'], /^vdso clocks: -x: unknown option/],
    [['clocks', '--batches'], /^vdso clocks: --batches: needs a value/],
    [['clocks', '--batches', 'many'], /^vdso clocks: --batches 'many': not a whole number from 1 to 1000/],
    [['clocks', '--batches', '0'], /^vdso clocks: --batches '0': not a whole number/],
    [['clocks', '--batches', '-3'], /^vdso clocks: --batches '-3': not a whole number/],
    [['cpu', '--workers', '-1'], /^vdso cpu: --workers '-1': not a whole number from 0 to/],
    [['inspect'], /^vdso inspect: FILE: missing/],
    [['inspect', '--nope', 'x.so'], /^vdso inspect: --nope: unknown option/],
    [['dump', '-o'], /^vdso dump: --output: needs a value/],
    [['dump', '--json'], /^vdso dump: --json: .*-o FILE/],
    [['dump', 'file.so'], /^vdso dump: 'file.so': unexpected argument/],
    [['bench', '--time=-5'], /^vdso bench: --time '-5': not a number of ms/],
    [['bench', '--time', '-5'], /^vdso bench: --time '-5': not a number of ms/],
    [['help', 'nothing'], /^vdso help: 'nothing': not a command/],
    [['--version', 'info'], /^vdso info: 'info': unexpected argument/],
    [['help', '--bogus'], /^vdso help: --bogus: unknown option/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, `vdso ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /\(try vdso ([a-z]+ )?--help\)\n$/, args.join(' '));
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
  }
});

test('a failed write or read has the same shape as every other error', () => {
  const dir = require('node:os').tmpdir();
  const r = runCli(['dump', '-o', dir]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `vdso dump: ${dir}: cannot write: is a directory (EISDIR)\n`);
  const i = runCli(['inspect', dir]);
  assert.equal(i.status, 1);
  assert.equal(i.stderr, `vdso inspect: ${dir}: cannot read: is a directory (EISDIR)\n`);
});
