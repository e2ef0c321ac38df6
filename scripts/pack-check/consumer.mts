// Checked with tsc --noEmit by scripts/pack-check.sh against the installed
// package's declarations (ESM entry). Not run.
import vdso, { CLOCK_MONOTONIC, clockGettime, clockGettimeNs, loaded } from 'vdso';
import type { Timespec, VdsoInfo } from 'vdso';

const t: Timespec = clockGettime(CLOCK_MONOTONIC);
const n: bigint = clockGettimeNs(CLOCK_MONOTONIC);
const i: VdsoInfo = vdso.info();
const b: 'native' | 'js' = loaded.backend;
// @ts-expect-error clock ids are numbers
clockGettime('MONOTONIC');
export { t, n, i, b };
