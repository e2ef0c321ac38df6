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

type Inspected = ({ file: string } & ImageDescription) | { file: string; error: ImageError };

function describeFile(file: string): Inspected {
  const bytes = readImageFile(file);
  try {
    return { file, ...inspect(bytes) };
  } catch (e) {
    const err = e as { code?: string; check?: string; offset?: number; message: string };
    if (err.code !== 'ERR_VDSO_INVALID_IMAGE') throw e;
    const where = `offset 0x${(err.offset ?? 0).toString(16)}`;
    const failure = new CommandFailure(`${file}: invalid image: ${err.check} at ${where} (the file has ${bytes.length} bytes)`, err.code);
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
        io.warn(io.errStyle.red(`vdso inspect: ${f.message}`));
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
      .filter((r): r is { file: string } & ImageDescription => !('error' in r))
      .map((r) => [io.style.cyan(`${r.file}: ${r.size} bytes`), ...renderImage(r, io.style, false)].join('\n'));
    if (blocks.length) io.print(blocks.join('\n\n'));
    return status;
  },
};
