'use strict';
// What a person sees in a real terminal: each command runs in a tmux pane and
// the screen is read back with its attributes (capture-pane -e). Every table
// header and every label is bold, nothing else is (bold that leaks past a line
// end shows as a bold next line), and an error is one red line.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { CLI } = require('./helpers/cli');
const { needs } = require('./helpers/system-tools');

const FIXTURE = path.join(__dirname, 'fixtures', 'x86_64-linux-6.1-vdso64.so');
const DONE = '__vdso_tty_done__';

function tmux(args) {
  const r = spawnSync('tmux', ['-L', 'vdso-tests', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// The screen after `vdso ARGS` has run in a 250x100 terminal, escape codes
// kept; none of Node's color variables set, TERM as given.
function screen(args, label, term = 'xterm-256color') {
  const name = `${label}-${process.pid}`;
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const env = `env -u NO_COLOR -u FORCE_COLOR -u NODE_DISABLE_COLORS TERM=${term}`;
  tmux(['new-session', '-d', '-s', name, '-x', '250', '-y', '100', `${env} ${command}; echo ${DONE}; sleep 60`]);
  try {
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const out = tmux(['capture-pane', '-p', '-e', '-J', '-t', name]);
      if (out.includes(DONE)) return out.slice(0, out.indexOf(DONE)).replace(/\s+$/, '').split('\n');
      spawnSync('sleep', ['0.1']);
    }
    throw new Error(`vdso ${args.join(' ')} did not finish in the terminal`);
  } finally {
    tmux(['kill-session', '-t', name]);
  }
}

// [text, bold] runs of a captured line: tmux writes SGR codes where attributes change.
function boldRuns(line) {
  const runs = [];
  let bold = false;
  for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
    const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (sgr) {
      for (const code of (sgr[1] || '0').split(';')) {
        if (code === '1') bold = true;
        else if (code === '0' || code === '22') bold = false;
      }
    } else if (part.trim()) {
      runs.push([part.trim(), bold]);
    }
  }
  return runs;
}

const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, '');

const CASES = [
  { name: 'info', args: ['info'], headers: [/^function\s+path\s+why/, /^symbol\s+value/, /entry points\s+symbol/], labels: ['backend', 'wall clock', 'vDSO', /^ELF\d\d$/] },
  { name: 'clocks', args: ['clocks', '--batches', '1'], headers: [/^clock\s+id\s+resolution/], labels: ['clocksource', 'clock_gettime', 'coarse clocks', 'wall clock'] },
  { name: 'cpu', args: ['cpu', '--workers', '1'], headers: [/^thread\s+tid\s+cpu\s+node/], labels: [] },
  { name: 'inspect', args: ['inspect', FIXTURE], headers: [/^symbol\s+value/, /entry points\s+symbol/], labels: [/^ELF\d\d$/] },
  { name: 'bench', args: ['bench', '--time', '5'], headers: [/^call\s+ns\/call\s+cost ratio/], labels: [/^\[[a-z][^\]]+\]$/] },
];

for (const c of CASES) {
  test(`vdso ${c.args.join(' ')} in a terminal: headers and labels bold, nothing else`, (t) => {
    if (!needs(t, 'tmux')) return;
    const lines = screen(c.args, `vdso-${c.name}`);
    for (const header of c.headers) {
      const line = lines.find((l) => header.test(plain(l)));
      assert.ok(line, `no line like ${header} in:\n${lines.map(plain).join('\n')}`);
      assert.ok(boldRuns(line).every(([, bold]) => bold), `header not bold: ${JSON.stringify(line)}`);
    }
    const allowed = (text) =>
      c.labels.some((l) => (typeof l === 'string' ? l === text : l.test(text))) || c.headers.some((h) => h.test(text));
    for (const line of lines) {
      for (const [text, bold] of boldRuns(line)) {
        if (bold) assert.ok(allowed(text), `bold where it should not be (a style leaking past a line end?): ${JSON.stringify(plain(line))}`);
      }
    }
  });
}

test('an error in a terminal is one red line', (t) => {
  if (!needs(t, 'tmux')) return;
  const lines = screen(['clocks', '--batches', 'x'], 'vdso-error');
  const errors = lines.filter((l) => plain(l).startsWith('vdso '));
  assert.equal(errors.length, 1, lines.join('\n'));
  assert.match(errors[0], /^\x1b\[31mvdso clocks: --batches 'x': not a whole number from 1 to 1000 \(try vdso clocks --help\)(\x1b\[39m)?$/);
  // Nothing after it has text: the message is one line.
  assert.ok(lines.slice(lines.indexOf(errors[0]) + 1).every((l) => plain(l).trim() === ''), JSON.stringify(lines));
});

test('TERM=dumb in a terminal: no colors and no bold (Node\'s hasColors() rule)', (t) => {
  if (!needs(t, 'tmux')) return;
  for (const args of [['info'], ['clocks', '--batches', 'x']]) {
    const lines = screen(args, `vdso-dumb-${args[0]}`, 'dumb');
    assert.ok(lines.some((l) => /function\s+path\s+why|vdso clocks: --batches/.test(l)), lines.join('\n'));
    assert.ok(lines.every((l) => !l.includes('\x1b[')), `an escape code with TERM=dumb: ${JSON.stringify(lines.find((l) => l.includes('\x1b[')))}`);
  }
});
