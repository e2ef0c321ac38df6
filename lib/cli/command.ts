import type { CommandSpec, ParsedArgs } from './args';
import type { Io } from './io';

/** One `vdso` subcommand: its spec (for parsing and help) and what it does. Returns the exit code. */
export interface Command extends CommandSpec {
  run(args: ParsedArgs, io: Io): number | Promise<number>;
}
