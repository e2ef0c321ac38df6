// Type-checked, not run, by scripts/pack-check.sh and test/package-types.test.js
// against the installed package's declarations (CommonJS entry), with
// TypeScript 5.9 and 7, module nodenext and moduleResolution bundler, in a
// project that has @types/node and no `types` setting.
import vdso = require('vdso');

const t: vdso.Timespec = vdso.hrtime();
const c: vdso.Cpu | undefined = vdso.loaded.backend === 'native' ? vdso.getcpu() : undefined;
// @ts-expect-error hrtime.bigint() is a bigint
const wrong: number = vdso.hrtime.bigint();
// Node's types, loaded by the package's own declarations: dump() is a Buffer.
const hex: string | undefined = vdso.dump()?.toString('hex');
const i = vdso.info();
const symbols: vdso.SymbolInfo[] = i.symbols ? i.symbols : [];
export = { t, c, wrong, hex, symbols };
