#!/usr/bin/env node
/**
 * The `vdso` command: explains this machine's vDSO and inspects vDSO images.
 * Exit status: 0 success, 1 the work failed, 2 wrong usage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs } from './cli/args';
import { benchCommand } from './cli/bench-command';
import { clocksCommand } from './cli/clocks-command';
import { cpuCommand } from './cli/cpu-command';
import type { Command } from './cli/command';
import { dumpCommand } from './cli/dump-command';
import { exitCodeOf, UsageError } from './cli/failure';
import { commandHelp, commandHelpJson, programHelp, programHelpJson } from './cli/help';
import { infoCommand } from './cli/info-command';
import { inspectCommand } from './cli/inspect-command';
import { processIo } from './cli/io';
import type { Io } from './cli/io';

const COMMANDS: Command[] = [infoCommand, clocksCommand, cpuCommand, inspectCommand, dumpCommand, benchCommand];

function packageVersion(): string {
  return JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`'${name}': not a command (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  return command;
}

// The command being run, for the prefix of its error messages.
let current: string | null = null;

function run(argv: string[], io: Io): number | Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help') {
    current = 'help';
    const json = rest.includes('--json');
    const operands = rest.filter((a) => a !== '--json');
    if (operands.length > 1) throw new UsageError(`'${operands[1]}': unexpected argument`);
    if (operands[0]?.startsWith('-')) throw new UsageError(`${operands[0]}: unknown option`);
    const command = operands.length ? findCommand(operands[0]) : null;
    if (json) io.printJson(command ? commandHelpJson(command) : programHelpJson(COMMANDS));
    else io.print(command ? commandHelp(command) : programHelp(COMMANDS));
    return 0;
  }
  // A first word that is not an option names the command; otherwise it is info (`vdso --json`).
  const named = first !== undefined && !first.startsWith('-');
  const command = named ? findCommand(first) : infoCommand;
  current = command.name;
  const args = parseCommandArgs(command, named ? rest : argv);
  // --help and --version work on every command, and with --json print JSON.
  if (args.help) {
    // `vdso --help` is the program's help; `vdso info --help`, the command's.
    if (args.json) io.printJson(named ? commandHelpJson(command) : programHelpJson(COMMANDS));
    else io.print(named ? commandHelp(command) : programHelp(COMMANDS));
    return 0;
  }
  if (args.version) {
    const version = packageVersion();
    if (args.json) io.printJson({ name: 'vdso', version });
    else io.print(version);
    return 0;
  }
  return command.run(args, io);
}

async function main(): Promise<number> {
  const io = processIo();
  try {
    return await run(process.argv.slice(2), io);
  } catch (e) {
    const code = exitCodeOf(e);
    if (code === undefined) throw e;  // a bug: let Node print the stack
    // One line: `vdso COMMAND: subject: what is wrong (CODE)`, colored as a whole, the newline after the reset.
    const message = (e as Error).message.split('\n')[0];
    const hint = code === 2 ? ` (try vdso ${current ?? ''}${current ? ' ' : ''}--help)` : '';
    io.warn(io.errStyle.red(`vdso${current ? ' ' + current : ''}: ${message}${hint}`));
    return code;
  }
}

main().then((code) => {
  process.exitCode = code;
});
