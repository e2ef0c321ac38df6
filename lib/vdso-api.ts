import { binding, calls, dataPageSetting } from './binding';
import { makeClockApi } from './clock-api';
import { makeCoarseClocks } from './coarse-clock';

/** The zero-call coarse clocks of this environment (the vDSO data page, once proven). */
export const coarseClocks = makeCoarseClocks(binding, calls, dataPageSetting);

/** The clock functions through the vDSO (with the system-call fallback), made once for the package. */
export const vdsoApi = makeClockApi(calls, 'vdso', coarseClocks);
