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
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options every command takes. */
export const commonOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print one JSON document and nothing else on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Parses a command's arguments strictly: an unknown flag or a missing value is a UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const all = { ...spec.options, ...commonOptions };
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, o] of Object.entries(all)) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${spec.name}: ${usageMessage(e)}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const result: ParsedArgs = {
    json: values.json === true,
    help: values.help === true,
    options: values,
    positionals: parsed.positionals,
  };
  if (result.help) return result;
  const { name, min, max } = spec.positionals;
  const n = result.positionals.length;
  if (n < min) throw new UsageError(`${spec.name}: missing ${name}`);
  if (n > max) {
    throw new UsageError(
      max === 0 ? `${spec.name}: unexpected argument '${result.positionals[0]}'` : `${spec.name}: unexpected argument '${result.positionals[max]}'`,
    );
  }
  return result;
}

// Node's messages are long and mention its own API; keep the part a user needs.
function usageMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const text = String(err.message ?? e);
  const quoted = /'([^']+)'/.exec(text)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted ?? text}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return text.replace(/^Option /, 'option ');
    default:
      return text;
  }
}
