import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dump, info } from '../index';
import type { Command } from './command';
import { CommandFailure, fileFailure, UsageError } from './failure';

export const dumpCommand: Command = {
  name: 'dump',
  summary: "write this process's vDSO image to a file",
  description: [
    'Copies the live vDSO out of memory: the PT_LOAD extent, plus the section headers the kernel',
    'maps with it, so readelf and objdump read the dump like the original vdso.so. Without -o it',
    'writes to stdout, which must not be a terminal. With --json, -o FILE is required and a',
    'summary { file, bytes, base, sha256 } is printed.',
  ].join('\n'),
  options: { output: { type: 'string', short: 'o', valueName: 'FILE', description: 'write the image to FILE (- for stdout)' } },
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso dump -o vdso.so && readelf -a vdso.so', 'vdso dump | vdso inspect -'],
  run(args, io) {
    const output = (args.options.output as string | undefined) ?? '-';
    if (output === '-' && args.json) throw new UsageError('--json: prints a summary on stdout, so the image needs a file: -o FILE');
    if (output === '-' && io.stdout.isTTY) {
      throw new UsageError('stdout: refusing to write a binary image to a terminal; use -o FILE or redirect stdout');
    }
    const image = dump();
    if (!image) throw new CommandFailure('nothing to dump: no vDSO in this process, AT_SYSINFO_EHDR is 0 (ERR_VDSO_ABSENT)', 'ERR_VDSO_ABSENT');
    if (output === '-') {
      io.write(image);
      return 0;
    }
    try {
      writeFileSync(output, image);
    } catch (e) {
      throw fileFailure(output, 'write', e as NodeJS.ErrnoException);
    }
    const summary = { file: output, bytes: image.length, base: info().base, sha256: createHash('sha256').update(image).digest('hex') };
    if (args.json) io.printJson(summary);
    else io.print(`wrote ${summary.bytes} bytes (the vDSO at ${summary.base}) to ${output}`);
    return 0;
  },
};
