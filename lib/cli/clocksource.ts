import { readFileSync } from 'node:fs';

export const CLOCKSOURCE_DIR = '/sys/devices/system/clocksource/clocksource0';

/**
 * Clocksources whose driver sets a vDSO clock mode, so the vDSO can read the
 * counter in user space (arch/x86/kernel/tsc.c, kvmclock.c, hyperv_timer.c,
 * arm_arch_timer.c, timer-riscv.c, s390 time.c, powerpc time.c, loongarch).
 */
const WITH_VDSO_MODE = new Set([
  'tsc',
  'kvm-clock',
  'hyperv_clocksource_tsc_page',
  'arch_sys_counter',
  'riscv_clocksource',
  'tod',
  'timebase',
  'Constant',
]);

/** Clocksources without one: every high-resolution read goes to the kernel. */
const WITHOUT_VDSO_MODE = new Set(['hpet', 'acpi_pm', 'jiffies', 'refined-jiffies', 'pit', 'hyperv_clocksource_msr']);

export interface Clocksource {
  /** current_clocksource, or null when sysfs is not readable (containers, other OS). */
  current: string | null;
  available: string[];
  /** true: the vDSO can read it; false: it cannot; null: not known to this tool. */
  vdsoMode: boolean | null;
  /** Set when high-resolution clocks cannot be served in user space with this clocksource. */
  warning: string | null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

export function vdsoModeOf(name: string | null): boolean | null {
  if (name === null) return null;
  if (WITH_VDSO_MODE.has(name)) return true;
  if (WITHOUT_VDSO_MODE.has(name)) return false;
  return null;
}

export function readClocksource(dir = CLOCKSOURCE_DIR): Clocksource {
  const current = readText(`${dir}/current_clocksource`);
  const available = (readText(`${dir}/available_clocksource`) ?? '').split(/\s+/).filter(Boolean);
  const vdsoMode = vdsoModeOf(current);
  let warning: string | null = null;
  if (vdsoMode === false) {
    warning =
      `clocksource ${current} has no vDSO mode: REALTIME, MONOTONIC, BOOTTIME, TAI and MONOTONIC_RAW ` +
      `enter the kernel on every call` +
      (available.some((a) => vdsoModeOf(a) === true) ? ` (available: ${available.join(' ')}; tsc-like sources are served in user space)` : '');
  } else if (current === null) {
    warning = `cannot read ${dir}/current_clocksource: the verdict rests on the measurement alone`;
  }
  return { current, available, vdsoMode, warning };
}
