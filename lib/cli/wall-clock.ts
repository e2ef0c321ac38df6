import { boundedNow, syscalls, timeStatus } from '../index';
import { CLOCK_REALTIME, CLOCK_TAI } from '../clock-id';
import type { ClockBound, TimeStatus } from '../types';
import type { Style } from './style';

/** Is the wall clock right? What `vdso` (info) and `vdso clocks` say about it, and carry in --json. */
export interface WallClockReport {
  /** The kernel's clock discipline, or null when it cannot be read (`error` says why). */
  status: TimeStatus | null;
  /** CLOCK_REALTIME -/+ the kernel's maximum error, in ns as decimal strings (JSON has no bigint). */
  bound: { earliest: string; latest: string; synchronized: boolean } | null;
  error: { code: string; message: string } | null;
  /** CLOCK_TAI - CLOCK_REALTIME read through the system call, in ns (null when unreadable). */
  taiMinusRealtimeNs: number | null;
  /** One each: the clock is not synchronized, CLOCK_TAI is not TAI, a leap second is pending. */
  warnings: WallClockWarning[];
}

export interface WallClockWarning {
  code: 'unsynchronized' | 'tai-equals-realtime' | 'leap-second';
  message: string;
}

function attempt<T>(fn: () => T): { value: T } | { error: { code: string; message: string } } {
  try {
    return { value: fn() };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { error: { code: err.code ?? 'ERROR', message: String(err.message).split('\n')[0] } };
  }
}

/** Microseconds in the largest unit that keeps them readable: 16 s, 123.5 ms, 37 us. */
export function formatUs(us: number): string {
  const round = (x: number) => String(Number(x.toPrecision(4)));
  if (Math.abs(us) >= 1e6) return `${round(us / 1e6)} s`;
  if (Math.abs(us) >= 1e3) return `${round(us / 1e3)} ms`;
  return `${round(us)} us`;
}

export function wallClockReport(): WallClockReport {
  const s = attempt(timeStatus);
  const b = attempt<ClockBound>(boundedNow);
  // TAI between two readings of REALTIME: the difference from their midpoint.
  const tai = attempt(() => {
    const a = syscalls.clockGettimeNs(CLOCK_REALTIME);
    const t = syscalls.clockGettimeNs(CLOCK_TAI);
    const b = syscalls.clockGettimeNs(CLOCK_REALTIME);
    return Number(t - (a + b) / 2n);
  });
  const status = 'value' in s ? s.value : null;
  const warnings: WallClockWarning[] = [];
  if (status) {
    if (!status.synchronized) {
      warnings.push({
        code: 'unsynchronized',
        message: `the wall clock is not synchronized (${status.status.names.includes('STA_UNSYNC') ? 'STA_UNSYNC' : `state ${status.state}`}): ` +
          `CLOCK_REALTIME may be off by up to ${formatUs(status.maxErrorUs)} for all the kernel knows`,
      });
    }
    if (status.taiOffset === 0) {
      warnings.push({
        code: 'tai-equals-realtime',
        message: "CLOCK_TAI equals REALTIME here: the kernel's TAI offset is 0 (no NTP daemon set it), so CLOCK_TAI reads UTC, 37 s behind TAI",
      });
    }
    if (status.leapSecond) {
      const insert = status.leapSecond === 'insert';
      warnings.push({
        code: 'leap-second',
        message: `a leap second is pending: one second ${insert ? 'inserted' : 'deleted'} at the end of this UTC day (STA_${insert ? 'INS' : 'DEL'})`,
      });
    }
  }
  return {
    status,
    bound: 'value' in b ? { earliest: String(b.value.earliest), latest: String(b.value.latest), synchronized: b.value.synchronized } : null,
    error: 'error' in s ? s.error : null,
    taiMinusRealtimeNs: 'value' in tai ? tai.value : null,
    warnings,
  };
}

/** The report's lines for people. */
export function renderWallClock(r: WallClockReport, style: Style): string[] {
  const label = style.bold('wall clock');
  const s = r.status;
  if (!s) return [`${label} unknown: ${r.error?.message ?? 'not readable'}`];
  const out: string[] = [];
  const tai = s.taiOffset === 0 ? 'TAI offset 0' : `TAI offset ${s.taiOffset} s`;
  if (s.synchronized) {
    out.push(
      `${label} ${style.green('synchronized')}: CLOCK_REALTIME within ±${formatUs(s.maxErrorUs)} (kernel maxerror; ` +
        `estimated error ${formatUs(s.estErrorUs)}), offset ${formatUs(s.offsetNs / 1e3)}, frequency ${s.frequencyPpm} ppm, ${tai}; state ${s.state}`,
    );
  } else {
    out.push(`${label} ${style.yellow('NOT synchronized')}: the kernel's bound is ±${formatUs(s.maxErrorUs)} (state ${s.state}, status ${s.status.names.join(' ') || '0'}), ${tai}`);
  }
  // The headline already says it is not synchronized.
  for (const w of r.warnings) if (w.code !== 'unsynchronized') out.push(style.yellow(`warning: ${w.message}`));
  return out;
}
