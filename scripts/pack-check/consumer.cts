// Checked with tsc --noEmit by scripts/pack-check.sh against the installed
// package's declarations (CommonJS entry). Not run.
import vdso = require('vdso');

const t: vdso.Timespec = vdso.hrtime();
const c: vdso.Cpu | undefined = vdso.loaded.backend === 'native' ? vdso.getcpu() : undefined;
// @ts-expect-error hrtime.bigint() is a bigint
const wrong: number = vdso.hrtime.bigint();
export = { t, c, wrong };
