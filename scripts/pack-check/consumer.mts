// Type-checked, not run, by scripts/pack-check.sh and test/package-types.test.js
// against the installed package's declarations (ESM entry), with TypeScript
// 5.9 and 7, module nodenext and moduleResolution bundler, in a project that
// has @types/node and no `types` setting.
import vdso, { CLOCK_MONOTONIC, clockGettime, clockGettimeNs, info, loaded, randomBytes } from 'vdso';
import type { SymbolInfo, Timespec, VdsoInfo } from 'vdso';

const t: Timespec = clockGettime(CLOCK_MONOTONIC);
const n: bigint = clockGettimeNs(CLOCK_MONOTONIC);
const whole: VdsoInfo = vdso.info();
const b: 'native' | 'js' = loaded.backend;
// @ts-expect-error clock ids are numbers
clockGettime('MONOTONIC');
// Node's types, loaded by the package's own declarations: randomBytes() is a Buffer.
const key: string = randomBytes(16).toString('base64url');
// info() narrows: present to a base address, an image field to the whole image.
const i = info();
const base: string | null = i.present ? i.base : null;
// @ts-expect-error a mapped vDSO may be unread: present alone leaves symbols possibly undefined
const unsure: SymbolInfo[] = i.present ? i.symbols : [];
const symbols: SymbolInfo[] = i.symbols ? i.symbols : [];
const elfClass: 32 | 64 | null = i.symbols ? i.elfClass : null;
export { t, n, whole, b, key, base, unsure, symbols, elfClass };
