import { fileFailure } from './failure';
import type { Style } from './style';
import { colorWanted, makeStyle } from './style';

/** Where a command writes, and whether each stream gets colors. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Colors for stdout text. */
  style: Style;
  /** Colors for stderr text (warnings, progress). */
  errStyle: Style;
  /** Writes text and a newline to stdout. */
  print(text: string): void;
  /** Writes one JSON document to stdout. */
  printJson(value: unknown): void;
  /** Writes bytes to stdout as they are. */
  write(bytes: Uint8Array): void;
  /** Writes a line to stderr. */
  warn(text: string): void;
}

// A reader that goes away early (`vdso info | head`) is not an error of ours:
// stop quietly, with the status the command has so far.
const readerGone = (): never => process.exit(process.exitCode ?? 0);

/**
 * The process's streams. Output that cannot be written fails the command like
 * any other error: `stdout: cannot write: REASON (CODE)`, one line on stderr,
 * exit 1, whether the write fails at once (a file: ENOSPC on /dev/full) or
 * later (a pipe). Nothing is left to say anything when stderr itself fails.
 */
export function processIo(): Io {
  const { stdout, stderr } = process;
  const warn = (text: string): void => {
    try {
      stderr.write(text + '\n');
    } catch {
      // stderr is gone too: the exit status is all that is left
    }
  };
  stderr.on('error', () => {});
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') readerGone();
    warn(`vdso: ${fileFailure('stdout', 'write', e).message}`);
    process.exit(1);
  });
  const out = (data: string | Uint8Array): void => {
    try {
      stdout.write(data);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') readerGone();
      throw fileFailure('stdout', 'write', e as NodeJS.ErrnoException);
    }
  };
  return {
    stdout,
    stderr,
    style: makeStyle(colorWanted(stdout)),
    errStyle: makeStyle(colorWanted(stderr)),
    print: (text) => out(text + '\n'),
    printJson: (value) => out(JSON.stringify(value, null, 2) + '\n'),
    write: out,
    warn,
  };
}
