'use strict';
// The floor, timed in the same rounds as the tasks: C loops over the very
// calls the addon makes (bench/floor-addon, timed in C around the loop), to
// add to the empty Node-API call (vdso.nativeNoop(), a task of the harness).
// A package call's floor is that empty call plus the C cost of the same
// clock_gettime on the same path: the least any call through Node-API costs.
const { benchAddon } = require('./addons');

const VDSO_CLOCKS = ['MONOTONIC', 'REALTIME', 'BOOTTIME', 'MONOTONIC_RAW', 'TAI', 'REALTIME_COARSE', 'MONOTONIC_COARSE'];
const SYSCALL_CLOCKS = ['MONOTONIC'];
const EMPTY_CALL = 'vdso.nativeNoop()';

const cName = (how, clock) => `C loop: ${how} clock_gettime(${clock})`;

/** The C loops, as harness tasks (Timed: batch(calls) returns ns). */
function floorTasks() {
  const floor = require(benchAddon('floor'));
  const { ClockId } = require('..');
  const make = (how, loop, clock) => ({ name: cName(how, clock), batch: (calls) => loop(ClockId[clock], calls) * calls });  // the loop returns ns per call
  return [
    ...VDSO_CLOCKS.map((c) => make('vDSO', floor.cLoopClockGettime, c)),
    ...SYSCALL_CLOCKS.map((c) => make('syscall', floor.cLoopSysClockGettime, c)),
  ];
}

// The clock_gettime a package call makes: vdso.<form>(CLOCK_X...) and vdso.syscalls.<form>(...); hrtime and now read MONOTONIC.
function callOf(name) {
  const m = /^vdso\.(syscalls\.)?(clockGettime(?:Ns|Ms|Into)?\(CLOCK_(\w+)|hrtime(?:\.bigint)?\(\)|now\(\))/.exec(name);
  if (!m) return null;
  return { how: m[1] ? 'syscall' : 'vDSO', clock: m[3] ?? 'MONOTONIC' };
}

/**
 * The floor of each package clock call that has one, in ns: null for the
 * rest, and for a coarse clock read from the vDSO data page (no call at all).
 */
function floorOf(name, nsOf, zeroCall) {
  const call = callOf(name);
  if (!call || (call.how === 'vDSO' && zeroCall && call.clock.endsWith('_COARSE'))) return null;
  const c = nsOf(cName(call.how, call.clock));
  const empty = nsOf(EMPTY_CALL);
  return c === null || empty === null ? null : c + empty;
}

module.exports = { floorTasks, floorOf };
