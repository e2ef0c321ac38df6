import type { Clocksource } from './clocksource';

/** The kernel's own rule for which path serves a clock_gettime call. */
export interface RuleVerdict {
  verdict: 'vdso' | 'kernel' | 'unknown';
  reason: string;
}

export interface RuleContext {
  /** The package calls clock_gettime through the vDSO (not VDSO_DISABLE, symbol found). */
  vdsoClockGettime: boolean;
  /** Why it does not, when it does not. */
  backendReason: string;
  clocksource: Clocksource;
  /** [major, minor] of the running kernel, or null. */
  kernel: [number, number] | null;
}

// include/uapi/linux/time.h and lib/vdso/gettimeofday.c (VDSO_HRES, VDSO_COARSE, VDSO_RAW, VDSO_AUX).
const MAX_CLOCKS = 16;
const CLOCK_AUX = 16;
const CLOCK_AUX_LAST = 23;
const HIGH_RES = new Set([0, 1, 7, 11]);  // REALTIME, MONOTONIC, BOOTTIME, TAI
const RAW = 4;
const COARSE = new Set([5, 6]);
const CPU_TIME = new Set([2, 3]);

function atLeast(kernel: [number, number] | null, major: number, minor: number): boolean {
  return kernel !== null && (kernel[0] > major || (kernel[0] === major && kernel[1] >= minor));
}

// Clocks the vDSO computes from the counter: the clocksource decides.
function counterClock(what: string, cs: Clocksource): RuleVerdict {
  if (cs.vdsoMode === true) return { verdict: 'vdso', reason: `${what}: clocksource ${cs.current} has a vDSO mode` };
  if (cs.vdsoMode === false) return { verdict: 'kernel', reason: `${what}: clocksource ${cs.current} has no vDSO mode` };
  return { verdict: 'unknown', reason: `${what}: clocksource ${cs.current ?? '(unreadable)'} is not known to this tool` };
}

/**
 * What the kernel's vDSO code does with clock id `id` here. Certain where the
 * code leaves no choice (it issues the system call itself); for counter-based
 * clocks it depends on the clocksource's vDSO mode at run time, which the
 * measurement then confirms.
 */
export function kernelRule(id: number, ctx: RuleContext): RuleVerdict {
  if (!ctx.vdsoClockGettime) return { verdict: 'kernel', reason: `the package uses the system call: ${ctx.backendReason}` };
  if (id < 0) return { verdict: 'kernel', reason: 'dynamic clock id (a CPU clock of a pid/tid or a clock fd): the vDSO passes it to the kernel' };
  if (CPU_TIME.has(id)) return { verdict: 'kernel', reason: "CPU-time clock: only the kernel knows a task's CPU time" };
  if (COARSE.has(id)) return { verdict: 'vdso', reason: 'coarse clock: the vDSO copies the last tick, with any clocksource' };
  if (HIGH_RES.has(id)) return counterClock('high-resolution clock', ctx.clocksource);
  if (id === RAW) return counterClock('raw clock', ctx.clocksource);
  if (id >= CLOCK_AUX && id <= CLOCK_AUX_LAST && atLeast(ctx.kernel, 6, 17)) {
    return counterClock(`auxiliary clock ${id - CLOCK_AUX}`, ctx.clocksource);
  }
  if (id >= MAX_CLOCKS) return { verdict: 'kernel', reason: `id >= MAX_CLOCKS (${MAX_CLOCKS}): the vDSO passes it to the kernel` };
  return { verdict: 'kernel', reason: 'the vDSO serves only REALTIME, MONOTONIC, BOOTTIME, TAI, MONOTONIC_RAW and the COARSE clocks' };
}
