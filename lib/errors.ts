// node:util only when an error is made: loading it is a tenth of a millisecond of every require.
const systemErrorMap = (): ReturnType<typeof import('node:util').getSystemErrorMap> =>
  (require('node:util') as typeof import('node:util')).getSystemErrorMap();

/** An error from the kernel, shaped like Node's own system errors. */
export interface VdsoSystemError extends Error {
  code: string;
  errno: number;
  syscall: string;
  clockId?: number;
}

/** Node-style: `EINVAL: invalid argument, clock_gettime`, with a negative errno like libuv's. */
export function systemError(errno: number, syscall: string, clockId?: number): VdsoSystemError {
  const entry = systemErrorMap().get(-errno);
  const code = entry ? entry[0] : `E${errno}`;
  const text = entry ? entry[1] : `unknown error ${errno}`;
  const where = clockId === undefined ? syscall : `${syscall} (clock id ${clockId})`;
  const err = new Error(`${code}: ${text}, ${where}`) as VdsoSystemError;
  err.code = code;
  err.errno = -errno;
  err.syscall = syscall;
  if (clockId !== undefined) err.clockId = clockId;
  Error.captureStackTrace(err, systemError);
  return err;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `type bigint (${value}n)`;
  if (typeof value === 'number') return `type number (${value})`;
  if (typeof value === 'string') return `type string ('${value.length > 20 ? value.slice(0, 20) + '...' : value}')`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return `type ${typeof value}`;
}

function argError<E extends Error>(Ctor: new (m: string) => E, code: string, message: string, fn: Function): E {
  const err = new Ctor(message) as E & { code: string };
  err.code = code;
  Error.captureStackTrace(err, fn);
  return err;
}

/** A clock id must be an int32: a TypeError with Node's codes otherwise. */
export function invalidClockId(value: unknown): TypeError {
  return typeof value === 'number'
    ? argError(TypeError, 'ERR_INVALID_ARG_VALUE', `The clock id must be an int32. Received ${describe(value)}`, invalidClockId)
    : argError(TypeError, 'ERR_INVALID_ARG_TYPE', `The clock id must be of type number (an int32). Received ${describe(value)}`, invalidClockId);
}

export function invalidArgType(name: string, expected: string, value: unknown): TypeError {
  return argError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}. Received ${describe(value)}`, invalidArgType);
}

/** A view whose ArrayBuffer was transferred away, like Node's web streams report it. */
export function detachedBuffer(name: string): TypeError {
  return argError(TypeError, 'ERR_INVALID_STATE', `Invalid state: the ArrayBuffer behind "${name}" is detached`, detachedBuffer);
}

export function outOfRange(name: string, expected: string, value: unknown): RangeError {
  return argError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${expected}. Received ${describe(value)}`, outOfRange);
}
