import { binding } from './binding';
import { makeClockApi } from './clock-api';

/** The clock functions through the vDSO (with the system-call fallback), made once for the package. */
export const vdsoApi = makeClockApi(binding, 'vdso');
