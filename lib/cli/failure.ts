/**
 * How a command fails. The class decides the exit code: 2 when the command
 * line is wrong (the user must change what they typed), 1 when the work
 * itself failed (a file is unreadable or not an image, no vDSO to dump).
 *
 * Every message has one shape, on one line, which cli.ts prints after
 * `vdso COMMAND: `: the subject first (the file, the option and its value),
 * then what is wrong, then the code in parentheses where there is one:
 *   vdso dump: /tmp: cannot write: is a directory (EISDIR)
 *   vdso clocks: --batches '-3': not a whole number from 1 to 1000
 */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export class CommandFailure extends Error {
  readonly exitCode = 1;
  /** A machine-readable reason for --json output: an errno name or an ERR_VDSO_* code. */
  readonly code: string;
  constructor(message: string, code = 'ERR_VDSO_FAILED') {
    super(message);
    this.code = code;
  }
}

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/** `FILE: cannot ACTION: REASON (CODE)` for a failed file operation. */
export function fileFailure(file: string, action: string, err: NodeJS.ErrnoException): CommandFailure {
  const code = err.code ?? 'EIO';
  const reason = reasons[code] ?? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return new CommandFailure(`${file}: cannot ${action}: ${reason} (${code})`, code);
}

/** `--NAME 'VALUE': not EXPECTED` for an option value out of range. */
export function badValue(option: string, value: string, expected: string): UsageError {
  return new UsageError(`--${option} '${value}': not ${expected}`);
}

export function exitCodeOf(err: unknown): 1 | 2 | undefined {
  if (err instanceof UsageError) return 2;
  if (err instanceof CommandFailure) return 1;
  // The JS backend cannot do it (no addon could load): the work failed, not the command line.
  if ((err as { code?: unknown })?.code === 'ERR_VDSO_UNAVAILABLE') return 1;
  return undefined;
}
