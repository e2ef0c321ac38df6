import type { CommandSpec, OptionSpec } from './args';
import { commonOptions } from './args';
import { renderRows } from './table';

function optionLabel(name: string, o: OptionSpec): string {
  const long = `--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function synopsis(spec: CommandSpec): string {
  const { name, min, max } = spec.positionals;
  const operand = max === 0 ? '' : min === 0 ? ` [${name}]` : max > 1 ? ` ${name}...` : ` ${name}`;
  return `vdso ${spec.name} [options]${operand}`;
}

export function commandHelp(spec: CommandSpec): string {
  const options = { ...spec.options, ...commonOptions };
  const rows = Object.entries(options).map(([name, o]) => ['  ' + optionLabel(name, o), o.description]);
  return [
    `Usage: ${synopsis(spec)}`,
    '',
    spec.summary + '.',
    '',
    spec.description,
    '',
    'Options:',
    renderRows(rows).join('\n'),
    '',
    'Examples:',
    ...spec.examples.map((e) => '  ' + e),
    '',
    'Exit status: 0 success, 1 the work failed (unreadable file, not an image...), 2 wrong usage.',
  ].join('\n');
}

const EXIT_STATUS = { 0: 'success', 1: 'the work failed (unreadable file, not an image...)', 2: 'wrong usage' };

function optionsJson(options: Record<string, OptionSpec>) {
  return Object.entries(options).map(([name, o]) => ({
    name: `--${name}`,
    short: o.short ? `-${o.short}` : null,
    value: o.type === 'string' ? (o.valueName ?? 'VALUE') : null,
    description: o.description,
  }));
}

/** `vdso COMMAND --help --json`: the same facts as commandHelp, for programs. */
export function commandHelpJson(spec: CommandSpec) {
  const { name, min, max } = spec.positionals;
  return {
    command: spec.name,
    usage: synopsis(spec),
    summary: spec.summary,
    description: spec.description,
    options: optionsJson({ ...spec.options, ...commonOptions }),
    operands: max === 0 ? [] : [{ name, min, max }],
    examples: spec.examples,
    exitStatus: EXIT_STATUS,
  };
}

/** `vdso --help --json`: every command with its own help. */
export function programHelpJson(specs: CommandSpec[]) {
  return {
    usage: 'vdso [command] [options]',
    defaultCommand: 'info',
    commands: specs.map(commandHelpJson),
    options: optionsJson(commonOptions),
    exitStatus: EXIT_STATUS,
  };
}

export function programHelp(specs: CommandSpec[]): string {
  const rows = specs.map((s) => ['  ' + s.name, s.summary]);
  return [
    'Usage: vdso [command] [options]',
    '',
    "Explains this machine's vDSO: what it exports, which clocks it serves without",
    'entering the kernel, what each costs here, and why. Inspects vDSO images of any',
    'architecture.',
    '',
    'Commands (default: info):',
    renderRows(rows).join('\n'),
    '',
    'Options:',
    '  --json       print one JSON document and nothing else on stdout (also with --help, --version)',
    '  -h, --help   show help (also: vdso COMMAND --help, vdso help COMMAND)',
    '  --version    print the package version',
    '',
    'Exit status: 0 success, 1 the work failed, 2 wrong usage.',
    "Colors only where Node's tty hasColors() says so: a terminal, not TERM=dumb, not with NO_COLOR",
    'set (even empty); FORCE_COLOR forces them, into a pipe too.',
  ].join('\n');
}
