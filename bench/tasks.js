'use strict';
// What the benchmark measures: every clock form of the package on each clock
// the vDSO serves, the same forms through the system-call path, Node's own
// clocks, and the floor (an empty Node-API call, and C loops over the very
// calls the addon makes, from bench/floor-addon).
const vdso = require('..');
const { benchAddon } = require('./addons');

const CLOCKS = ['MONOTONIC', 'REALTIME', 'BOOTTIME', 'MONOTONIC_RAW', 'REALTIME_COARSE', 'MONOTONIC_COARSE'];

// [form, call expression, result kind]; `api` is the package or `syscalls`.
const CLOCK_FORMS = [
  ['clockGettime', 'api.clockGettime(id)', 'value'],
  ['clockGettimeNs', 'api.clockGettimeNs(id)', 'value'],
  ['clockGettimeMs', 'api.clockGettimeMs(id)', 'number'],
  ['clockGettimeInto', 'api.clockGettimeInto(id, out)', 'value'],
];
const OTHER_FORMS = [
  ['clockGetres', 'api.clockGetres(id)', 'value', 'MONOTONIC'],
  ['gettimeofday', 'api.gettimeofday()', 'value', null],
  ['time', 'api.time()', 'number', null],
  ['getcpu', 'api.getcpu()', 'value', null],
];
const PACKAGE_ONLY_FORMS = [
  ['hrtime', 'api.hrtime()', 'value', 'MONOTONIC'],
  ['hrtime.bigint', 'api.hrtime.bigint()', 'value', 'MONOTONIC'],
  ['now', 'api.now()', 'number', 'MONOTONIC'],
  // CLOCK_REALTIME through the vDSO plus clock_adjtime for its maxerror: a system call each time.
  ['boundedNow', 'api.boundedNow()', 'value', 'REALTIME'],
];
const NODE_FORMS = [
  ['process.hrtime', 'process.hrtime()', 'value', 'MONOTONIC'],
  ['process.hrtime.bigint', 'process.hrtime.bigint()', 'value', 'MONOTONIC'],
  ['performance.now', 'performance.now()', 'number', 'MONOTONIC'],
  ['Date.now', 'Date.now()', 'number', 'REALTIME'],
];

const ZERO_CALL_FORMS = new Set(CLOCK_FORMS.map(([form]) => form));

/** Calls per measured batch, sized so a batch takes a fraction of a millisecond. */
const BATCH = { fast: 4096, syscall: 512, cVdso: 50000, cSyscall: 5000 };

// The call as a reader would write it: the clock id by name, `out` where passed.
function label(prefix, form, call, clock) {
  const args = call.includes('out') ? `${clock}, out` : call.includes('id') ? clock : '';
  return `${prefix}${form}(${args})`;
}

function jsTask(path, api, form, call, result, clock) {
  const prefix = path === 'syscall' ? 'syscalls.' : '';
  return {
    key: `${path}:${form}${clock ? ':' + clock : ''}`,
    name: label(prefix, form, call, clock),
    path,
    form,
    clock,
    clockId: clock ? vdso.ClockId[clock] : 0,
    // The coarse clocks' forms read the vDSO data page, with no call at all, where the package has proven it.
    zeroCall: path === 'vdso' && ZERO_CALL_FORMS.has(form) && /_COARSE$/.test(clock ?? '') && vdso.backend.clock_gettime_coarse.path === 'data-page',
    kind: 'js',
    api,
    call,
    result,
    batch: path === 'syscall' ? BATCH.syscall : BATCH.fast,
  };
}

function cTask(path, clock) {
  const floor = require(benchAddon('floor'));
  const loop = path === 'floor-vdso' ? floor.cLoopClockGettime : floor.cLoopSysClockGettime;
  const how = path === 'floor-vdso' ? 'vDSO' : 'syscall';
  return {
    key: `${path}:clock_gettime:${clock}`,
    name: `C loop: ${how} clock_gettime(${clock})`,
    path,
    form: 'clock_gettime',
    clock,
    clockId: vdso.ClockId[clock],
    kind: 'c',
    loop,
    batch: path === 'floor-vdso' ? BATCH.cVdso : BATCH.cSyscall,
  };
}

/** Every task, in the order they run. */
function allTasks() {
  const tasks = [];
  for (const clock of CLOCKS) {
    for (const [form, call, result] of CLOCK_FORMS) tasks.push(jsTask('vdso', vdso, form, call, result, clock));
  }
  for (const [form, call, result, clock] of [...OTHER_FORMS, ...PACKAGE_ONLY_FORMS]) {
    tasks.push(jsTask('vdso', vdso, form, call, result, clock));
  }
  for (const [form, call, result, clock] of NODE_FORMS) tasks.push(jsTask('node', null, form, call, result, clock));
  for (const clock of CLOCKS) {
    for (const [form, call, result] of CLOCK_FORMS) tasks.push(jsTask('syscall', vdso.syscalls, form, call, result, clock));
  }
  for (const [form, call, result, clock] of OTHER_FORMS) tasks.push(jsTask('syscall', vdso.syscalls, form, call, result, clock));
  tasks.push({
    key: 'floor:empty',
    name: 'empty Node-API call',
    path: 'floor-napi',
    form: 'empty',
    clock: null,
    clockId: 0,
    kind: 'js',
    // Held in a small object of its own, as the package's wrappers hold their
    // natives in closures: a lookup on the module would add a hash probe per call.
    api: { empty: vdso.nativeNoop },
    call: 'api.empty()',
    result: 'value',
    batch: BATCH.fast,
  });
  for (const clock of CLOCKS) tasks.push(cTask('floor-vdso', clock));
  for (const clock of CLOCKS) tasks.push(cTask('floor-syscall', clock));
  return tasks;
}

/** The JS forms the memory check runs: each form once, on CLOCK_MONOTONIC where it takes a clock. */
function memoryForms() {
  return allTasks().filter(
    (t) => t.kind === 'js' && t.path !== 'floor-napi' && (t.path === 'node' || t.clock === null || t.clock === 'MONOTONIC'),
  );
}

module.exports = { allTasks, memoryForms, CLOCKS };
