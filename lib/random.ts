/**
 * getrandom(2) through the vDSO (Linux 6.11+), each thread with its own
 * opaque state, falling back to the system call on older kernels.
 */
import { constants as bufferConstants } from 'node:buffer';
import type { NativeBinding } from './binding';
import type { GetrandomState } from './types';
import { invalidArgType, outOfRange, systemError } from './errors';

export type { GetrandomState } from './types';

// The addon's rejections of arguments (errno values are positive).
const NOT_A_VIEW = -1;
const BAD_FLAGS = -2;
const UNKNOWN_VIEW_KIND = -3;

const UINT32_MAX = 0xffffffff;

function fillError(r: unknown, buffer: unknown, flags: unknown, syscall: string): Error {
  if (r === NOT_A_VIEW) return invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
  if (r === UNKNOWN_VIEW_KIND) {
    // A typed-array kind newer than this build of the addon: its element size is unknown, so it is refused.
    return invalidArgType('buffer', 'a Buffer, DataView or TypedArray of a kind this addon knows (rebuild it for this Node)', buffer);
  }
  if (r === BAD_FLAGS) {
    return typeof flags === 'number'
      ? outOfRange('flags', `an integer >= 0 and <= ${UINT32_MAX}`, flags)
      : invalidArgType('flags', 'of type number', flags);
  }
  return systemError(r as number, syscall);
}

type Fill = (view: unknown, flags: unknown) => unknown;

const badFlags = (flags: unknown) => typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || flags > UINT32_MAX;

// Types are checked here, not left to Node-API: Bun's takes an ArrayBuffer
// where a view is asked for, and Deno's converts strings and booleans to
// numbers, so every runtime refuses the same arguments with the same codes.
function makeGetrandom(fill: Fill, syscall: string) {
  return function getrandom<T extends ArrayBufferView>(buffer: T, flags: number = 0): T {
    if (!ArrayBuffer.isView(buffer)) throw fillError(NOT_A_VIEW, buffer, flags, syscall);
    if (badFlags(flags)) throw fillError(BAD_FLAGS, buffer, flags, syscall);
    const r = fill(buffer, flags);
    // Success hands the view back; a rejection is a number, which a number
    // argument (getrandom(-1)) could otherwise equal.
    if (r === buffer && typeof r === 'object') return buffer;
    throw fillError(r, buffer, flags, syscall);
  };
}

/** getrandom and its kin over the addon's fills (or the JS backend's). */
export function makeRandom(native: Pick<NativeBinding, 'getrandom' | 'sysGetrandom' | 'getrandomState'>) {
  /**
   * Fills every byte of `buffer` (a Buffer, any TypedArray or a DataView, any
   * size) with random bytes and returns it. `flags` as for getrandom(2): unknown
   * bits are the kernel's to reject (EINVAL).
   */
  const getrandom = makeGetrandom(native.getrandom, 'getrandom');

  /** The same fill, always through the getrandom system call (for comparison). */
  const getrandomSyscall = makeGetrandom(native.sysGetrandom, 'getrandom');

  /**
   * A new Buffer of `size` random bytes. Never a slice of Node's shared Buffer
   * pool, so the bytes are not reachable through another buffer's `.buffer`.
   */
  function randomBytes(size: number, flags: number = 0): Buffer {
    if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
    if (!Number.isInteger(size) || size < 0 || size > bufferConstants.MAX_LENGTH) {
      throw outOfRange('size', `an integer >= 0 and <= ${bufferConstants.MAX_LENGTH}`, size);
    }
    // Every argument is checked before the allocation, which may be gigabytes.
    if (badFlags(flags)) throw fillError(BAD_FLAGS, undefined, flags, 'getrandom');
    const buffer = Buffer.allocUnsafeSlow(size);
    const r = native.getrandom(buffer, flags);
    if (r === buffer) return buffer;
    throw fillError(r, buffer, flags, 'getrandom');
  }

  /** This thread's vDSO state (null before its first getrandom) and the process-wide state pool. */
  function getrandomInfo(): GetrandomState {
    return native.getrandomState();
  }

  return { getrandom, getrandomSyscall, randomBytes, getrandomInfo };
}
