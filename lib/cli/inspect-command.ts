import { inspect } from '../index';
import type { ImageDescription } from '../types';
import type { Command } from './command';
import { CommandFailure, exitCodeOf } from './failure';
import { readImageFile } from './image-file';
import { renderImage } from './image-text';

interface ImageError {
  code: string;
  message: string;
  check?: string;
  offset?: number;
}

type Described = { file: string; isVdso: boolean; notVdso?: string } & ImageDescription;
type Inspected = Described | { file: string; error: ImageError };

// Whether an image is a vDSO at all: its soname is the kernel's, or it has at
// least one of its ABI's entry points at the ABI's version. Any ELF shared
// object can be described; one that is neither is said to be none.
function vdsoVerdict(d: ImageDescription): string | null {
  if (d.soname !== null && /^linux-(vdso|gate)/.test(d.soname)) return null;
  if (d.functions.some((f) => f.present)) return null;
  const soname = d.soname === null ? 'no soname' : `soname ${d.soname}`;
  if (d.abi === null) return `${soname}, and machine ${d.machine} is no vDSO ABI this tool knows`;
  return `${soname}, and none of the ${d.abi} vDSO entry points (${d.functions[0]?.symbol ?? '-'}@${d.functions[0]?.version ?? '-'}, ...)`;
}

function describeFile(file: string): Inspected {
  const bytes = readImageFile(file);
  try {
    const d = inspect(bytes);
    const notVdso = vdsoVerdict(d);
    return notVdso === null ? { file, isVdso: true, ...d } : { file, isVdso: false, notVdso, ...d };
  } catch (e) {
    const err = e as { code?: string; check?: string; offset?: number; message: string };
    if (err.code !== 'ERR_VDSO_INVALID_IMAGE') throw e;
    const where = `offset 0x${(err.offset ?? 0).toString(16)}`;
    const failure = new CommandFailure(`${file}: not a valid ELF image: ${err.check} at ${where} of ${bytes.length} bytes (${err.code})`, err.code);
    throw Object.assign(failure, { check: err.check, offset: err.offset });
  }
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'describe any vDSO or ELF shared object image, from any architecture',
  description: [
    'Reads each FILE (- for stdin) with the same bounds-checked ELF reader the package uses on',
    'the live vDSO: ELF32 and ELF64, little and big endian, DT_HASH and/or DT_GNU_HASH',
    '(8-byte DT_HASH words on s390x), versioned or not. Prints the ELF facts, every defined',
    "dynamic symbol, and which of the ABI's expected vDSO functions are present at its version.",
    'With several FILEs, --json prints an array in order; a file that cannot be read or is not',
    'an image appears as { file, error } and makes the exit status 1.',
  ].join('\n'),
  options: {},
  positionals: { name: 'FILE', min: 1, max: Infinity },
  examples: ['vdso inspect vdso.so', 'vdso dump | vdso inspect -', 'vdso inspect --json a.so b.so | jq ".[].functions"'],
  run(args, io) {
    const results: Inspected[] = [];
    let status = 0;
    for (const file of args.positionals) {
      try {
        results.push(describeFile(file));
      } catch (e) {
        if (exitCodeOf(e) !== 1) throw e;
        const f = e as CommandFailure & { check?: string; offset?: number };
        io.warn(io.errStyle.red(`vdso inspect: ${f.message}`));  // the shape of cli.ts's, and the next file still gets its turn
        const error: ImageError = { code: f.code, message: f.message };
        if (f.check !== undefined) Object.assign(error, { check: f.check, offset: f.offset });
        results.push({ file, error });
        status = 1;
      }
    }
    if (args.json) {
      io.printJson(args.positionals.length === 1 ? results[0] : results);
      return status;
    }
    const blocks = results
      .filter((r): r is Described => !('error' in r))
      .map((r) => {
        const head = io.style.cyan(`${r.file}: ${r.size} bytes`);
        const note = r.notVdso === undefined ? [] : [io.style.yellow(`not a vDSO image: ${r.notVdso}; described as an ELF shared object`)];
        return [head, ...note, ...renderImage(r, io.style, false)].join('\n');
      });
    if (blocks.length) io.print(blocks.join('\n\n'));
    return status;
  },
};
