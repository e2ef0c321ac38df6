// The CommonJS entry's types, as `require('vdso')` sees them.
import vdso = require('vdso');

declare function expectType<T>(value: T): void;

expectType<vdso.Timespec>(vdso.clockGettime(vdso.CLOCK_MONOTONIC));
expectType<bigint>(vdso.hrtime.bigint());
expectType<vdso.Cpu>(vdso.getcpu());
expectType<'native' | 'js'>(vdso.loaded.backend);
expectType<vdso.VdsoInfo>(vdso.info());

// @ts-expect-error clock ids are numbers
vdso.clockGettime('MONOTONIC');
// @ts-expect-error time() takes no clock id and returns a number
const t: string = vdso.time();
void t;
