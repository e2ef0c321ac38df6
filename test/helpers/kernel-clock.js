'use strict';
// The oracle for every clock reading in the suites: the same clock through the
// real system call, from the addon file loaded directly, so it answers under
// VDSO_BACKEND=js too. A clock is tested against itself read before and after
// (as the kernel's vdso_test_correctness does), never against another clock
// with a guessed bound: a coarse clock lags its fine clock by a tick or more.
// Loading this module only loads the addon, so the runner may run it as a file.
const { addonPath: findAddon } = require('./addon-path');

const addonPath = findAddon();
// A set of clock calls of its own: nothing the code under test does touches its memory.
const native = require(addonPath).clockCalls();

function call(fn, what) {
  const e = native[fn]();
  if (e !== undefined) throw new Error(`the oracle's ${what} system call failed (errno ${e})`);
}

/** clock_gettime(2) of `id`, in nanoseconds. */
function kernelNs(id) {
  native.clockIdSlot[0] = id;
  call('sysClockGettimeNs', `clock_gettime(${id})`);
  return native.nanosecondsSlot[0];
}

/** gettimeofday(2), in microseconds. */
function kernelTimevalUs() {
  call('sysGettimeofday', 'gettimeofday');
  return BigInt(native.slots[0]) * 1_000_000n + BigInt(native.slots[1]);
}

/** time(2) (or CLOCK_REALTIME's seconds where the ABI has no time call). */
function kernelTime() {
  call('sysTime', 'time');
  return native.slots[0];
}

const NS = 1_000_000_000n;
/** [sec, nsec] as nanoseconds. */
const nsOfPair = ([sec, nsec]) => BigInt(sec) * NS + BigInt(nsec);

/** Reads `read()` between two system-call readings of clock `id`: { before, value, after } (bigint ns, value as read returns it). */
function bracket(id, read) {
  const before = kernelNs(id);
  const value = read();
  const after = kernelNs(id);
  return { before, value, after };
}

/** addonPath: the addon file the oracle loaded (the one for this process's libc). */
module.exports = { addonPath, kernelNs, kernelTimevalUs, kernelTime, nsOfPair, bracket, NS };
