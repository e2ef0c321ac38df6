// The ES module entry's types: every export used as documented must compile,
// and every misuse line below must be a type error: tsc reports an unused
// expect-error directive, so a type that silently became `any` fails this file.
import vdso, {
  CLOCK_MONOTONIC,
  CLOCK_REALTIME,
  ClockId,
  backend,
  clockGetres,
  clockGettime,
  clockGettimeInto,
  clockGettimeMs,
  clockGettimeNs,
  clockName,
  dump,
  getcpu,
  gettimeofday,
  hrtime,
  info,
  inspect,
  loaded,
  lookup,
  now,
  syscalls,
  time,
} from 'vdso';
import type {
  Backend,
  ClockApi,
  ClockName,
  Cpu,
  FunctionBackend,
  Hrtime,
  ImageDescription,
  LoadedBackend,
  SymbolInfo,
  Timespec,
  Timeval,
  VdsoInfo,
  VdsoSystemError,
  VdsoUnavailableError,
} from 'vdso';

declare function expectType<T>(value: T): void;

expectType<Timespec>(clockGettime(CLOCK_MONOTONIC));
expectType<[seconds: number, nanoseconds: number]>(clockGettime(ClockId.BOOTTIME));
expectType<bigint>(clockGettimeNs(CLOCK_REALTIME));
expectType<number>(clockGettimeMs(-3));
expectType<Float64Array>(clockGettimeInto(CLOCK_MONOTONIC, new Float64Array(2)));
expectType<Timespec>(clockGetres(CLOCK_MONOTONIC));
expectType<Timeval>(gettimeofday());
expectType<number>(gettimeofday().usec);
expectType<number>(time());
expectType<Cpu>(getcpu());
expectType<Timespec>(hrtime());
expectType<Timespec>(hrtime(hrtime()));
expectType<bigint>(hrtime.bigint());
expectType<Hrtime>(hrtime);
expectType<number>(now());
expectType<ClockApi>(syscalls);
expectType<bigint>(syscalls.clockGettimeNs(CLOCK_MONOTONIC));
expectType<Backend>(backend);
expectType<Readonly<FunctionBackend>>(backend.clock_gettime);
expectType<'vdso' | 'syscall' | 'js' | 'data-page'>(backend.getcpu.path);
expectType<Readonly<FunctionBackend>>(backend.clock_gettime_coarse);
expectType<VdsoInfo>(info());
{
  // info() is a union: present narrows base; an image field narrows to the whole image.
  const i = info();
  if (i.present) expectType<string>(i.base);
  else expectType<null>(i.base);
  // @ts-expect-error a mapped vDSO may still be unread (rejected, or the JS backend): symbols may be undefined
  if (i.present) expectType<SymbolInfo[]>(i.symbols);
  if (i.symbols) {
    expectType<SymbolInfo[]>(i.symbols);
    expectType<32 | 64>(i.elfClass);
    expectType<string[]>(i.versions);
    expectType<true>(i.present);
  }
  if (i.present && !i.symbols) expectType<string>(i.problem);
}
expectType<ImageDescription>(inspect(new Uint8Array(0)));
expectType<SymbolInfo[]>(inspect(Buffer.alloc(0)).symbols);
expectType<Buffer | null>(dump());
expectType<string | number | null>(lookup('__vdso_time', 'LINUX_2.6'));
expectType<string | number | null>(lookup('__vdso_time', null, new Uint8Array(0)));
expectType<ClockName | undefined>(clockName(1));
expectType<1>(ClockId.MONOTONIC);
expectType<Readonly<LoadedBackend>>(loaded);
expectType<'native' | 'js'>(loaded.backend);
expectType<string | null>(loaded.path);
expectType<typeof clockGettime>(vdso.clockGettime);

declare const failure: unknown;
if ((failure as VdsoSystemError).code === 'EINVAL') expectType<number>((failure as VdsoSystemError).errno);
expectType<'ERR_VDSO_UNAVAILABLE'>((failure as VdsoUnavailableError).code);

// @ts-expect-error clock ids are numbers
clockGettime('1');
// @ts-expect-error clock ids are numbers, not bigints
clockGettimeNs(1n);
// @ts-expect-error a clock id is required
clockGetres();
// @ts-expect-error the output buffer is a Float64Array
clockGettimeInto(CLOCK_MONOTONIC, [0, 0]);
// @ts-expect-error the output buffer is required
clockGettimeInto(CLOCK_MONOTONIC);
// @ts-expect-error hrtime takes a previous [seconds, nanoseconds]
hrtime(5);
// @ts-expect-error inspect takes bytes
inspect('vdso.so');
// @ts-expect-error the version is a string or null
lookup('__vdso_time');
// @ts-expect-error gettimeofday returns {sec, usec}, not a tuple
gettimeofday()[0];
// @ts-expect-error clockGettimeNs returns a bigint
const asNumber: number = clockGettimeNs(CLOCK_MONOTONIC);
// @ts-expect-error ClockId is read-only
ClockId.MONOTONIC = 2;
// @ts-expect-error backend entries are read-only
backend.clock_gettime.path = 'vdso';
// @ts-expect-error there is no such backend
expectType<'native' | 'js'>(loaded.backend === 'wasm');
// @ts-expect-error 'bogus' is not a function of the vDSO
backend.bogus;
void asNumber;
