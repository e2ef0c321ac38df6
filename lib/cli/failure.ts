/**
 * How a command fails. The class decides the exit code: 2 when the command
 * line is wrong (the user must change what they typed), 1 when the work
 * itself failed (a file is unreadable or not an image, no vDSO to dump).
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

export function exitCodeOf(err: unknown): 1 | 2 | undefined {
  if (err instanceof UsageError) return 2;
  if (err instanceof CommandFailure) return 1;
  // The JS backend cannot do it (no addon could load): the work failed, not the command line.
  if ((err as { code?: unknown })?.code === 'ERR_VDSO_UNAVAILABLE') return 1;
  return undefined;
}
