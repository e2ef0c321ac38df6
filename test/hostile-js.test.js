'use strict';
// Nothing JavaScript in the process can reach crashes it or makes a clock
// answer wrong: each attack runs in a child (test/helpers/hostile-child.js)
// that then judges every clock form against a fresh, untouched instance of
// the addon reading the kernel through the system call.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const runtime = require('./helpers/runtime');

const child = path.join(__dirname, 'helpers', 'hostile-child.js');

// What serves the coarse clocks in an unattacked process: an attack must not
// pass by merely turning the zero-call path off.
const coarsePath = () => require('..').backend.clock_gettime_coarse.path;

function attack(scenario) {
  const r = spawnSync(process.execPath, ['--expose-gc', child, scenario], { encoding: 'utf8', timeout: 120_000 });
  const last = r.stdout.trim().split('\n').pop();
  let report = null;
  try {
    report = JSON.parse(last);
  } catch {
    // no report: the child died first
  }
  const how = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  assert.ok(report !== null && r.status === 0,
    `${scenario}: ${how}\n${report ? report.problems.slice(0, 8).join('\n') : r.stderr.slice(-2000)}`);
  return report;
}

test('every buffer reachable from every file the package ships, detached and written: no crash, every clock right', (t) => {
  if (!runtime.node) return t.skip(`${runtime.name}: the attack needs process.dlopen and --expose-gc`);
  const r = attack('reach-detach');
  assert.equal(r.backend, 'native');
  // The attack must have had something to attack: the addon's own functions hand out views.
  assert.ok(r.reached.buffers > 0, JSON.stringify(r));
  assert.ok(r.detached > 0, `nothing was detached: ${JSON.stringify(r)}`);
});

test('typed-array constructors and Object.prototype setters wrapped before load capture nothing that breaks a clock', (t) => {
  if (!runtime.node) return t.skip(`${runtime.name}: the attack needs process.dlopen and --expose-gc`);
  const r = attack('patched-constructors');
  assert.equal(r.backend, 'native');
  assert.equal(r.hookCaptures, true, `the wrapped constructors capture nothing at all: ${JSON.stringify(r)}`);
  assert.equal(r.coarse, coarsePath());
});

test('Math, Number, BigInt and Date.now answering wrong, from before load: every clock still right', (t) => {
  if (!runtime.node) return t.skip(`${runtime.name}: the attack needs process.dlopen and --expose-gc`);
  const r = attack('corrupt-globals');
  assert.equal(r.backend, 'native');
  assert.equal(r.coarse, coarsePath());
});

test('an out array whose setter reads the clock again gets one reading, not half of two', (t) => {
  if (!runtime.node) return t.skip(`${runtime.name}: the attack needs process.dlopen and --expose-gc`);
  const r = attack('reentrant-out');
  assert.equal(r.backend, 'native');
  assert.equal(r.coarse, coarsePath());
});
