import { parseArgs } from 'node:util';
import { UsageError } from './failure';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** For string options: what the value is, e.g. FILE. */
  valueName?: string;
  description: string;
}

/** What a command accepts; help text and parsing both come from this. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Longer text for --help: what the command does and how to read its output. */
  description: string;
  options: Record<string, OptionSpec>;
  positionals: { name: string; min: number; max: number };
  examples: string[];
}

export interface ParsedArgs {
  json: boolean;
  help: boolean;
  version: boolean;
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options every command takes. */
export const commonOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print one JSON document and nothing else on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  version: { type: 'boolean', description: 'print the package version' },
};

/** Parses a command's arguments strictly: an unknown flag or a missing value is a UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const all = { ...spec.options, ...commonOptions };
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, o] of Object.entries(all)) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const result: ParsedArgs = {
    json: values.json === true,
    help: values.help === true,
    version: values.version === true,
    options: values,
    positionals: parsed.positionals,
  };
  const { name, min, max } = spec.positionals;
  const n = result.positionals.length;
  // --help and --version need no operand (`vdso inspect --help`), but take no extra one either.
  if (n < min && !result.help && !result.version) throw new UsageError(`${name}: missing`);
  if (n > max) throw new UsageError(`'${result.positionals[max === 0 ? 0 : max]}': unexpected argument`);
  return result;
}

// `--batches -3`: Node's parser takes a value that starts with '-' for an
// option and refuses it. A value that looks like a number is a value here
// (joined as --batches=-3), so the command itself says what is wrong with it.
function negativeValuesJoined(argv: string[], options: Record<string, { type: string; short?: string }>): string[] {
  const takesValue = (a: string) =>
    Object.entries(options).some(([name, o]) => o.type === 'string' && (a === `--${name}` || (o.short !== undefined && a === `-${o.short}`)));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (takesValue(argv[i]) && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

// Node's messages span lines and mention its own API: one line, the option first.
function usageMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const text = String(err.message ?? e);
  const quoted = /'([^']+)'/.exec(text)?.[1] ?? text;
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${quoted}: unknown option`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
    {
      const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
      return /argument missing/.test(text) ? `${option}: needs a value` : `${option}: ${text.split('\n')[0].replace(/^Option '[^']*' /, '')}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `'${quoted}': unexpected argument`;
    default:
      return text.split('\n')[0];
  }
}
