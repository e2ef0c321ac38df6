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
  /** Writes a line to stderr. */
  warn(text: string): void;
}

export function processIo(): Io {
  const { stdout, stderr } = process;
  return {
    stdout,
    stderr,
    style: makeStyle(colorWanted(stdout)),
    errStyle: makeStyle(colorWanted(stderr)),
    print: (text) => void stdout.write(text + '\n'),
    printJson: (value) => void stdout.write(JSON.stringify(value, null, 2) + '\n'),
    warn: (text) => void stderr.write(text + '\n'),
  };
}
