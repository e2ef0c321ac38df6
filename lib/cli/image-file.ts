import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CommandFailure, UsageError } from './failure';

/**
 * Real vDSOs are a few KiB; shared objects worth inspecting are at most a few
 * MiB. The cap keeps `vdso inspect /dev/zero` from eating memory.
 */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

function readFailure(file: string, err: NodeJS.ErrnoException): CommandFailure {
  const code = err.code ?? 'EIO';
  return new CommandFailure(`${file}: cannot read: ${reasons[code] ?? err.message} (${code})`, code);
}

/** Reads a whole file ('-' for stdin) as an image, with a message that says what is wrong. */
export function readImageFile(file: string): Buffer {
  // isatty, not process.stdin: touching process.stdin would make a pipe non-blocking.
  if (file === '-' && isatty(0)) throw new UsageError('inspect: refusing to read an image from a terminal on stdin');
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (e) {
    throw readFailure(file, e as NodeJS.ErrnoException);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new CommandFailure(`${file}: cannot read: is a directory (EISDIR)`, 'EISDIR');
    if (st.isFile() && st.size > MAX_IMAGE_BYTES) {
      throw new CommandFailure(`${file}: ${st.size} bytes is too large for a vDSO image (limit ${MAX_IMAGE_BYTES} bytes)`, 'ERR_VDSO_TOO_LARGE');
    }
    // Devices and pipes have no size up front: read until EOF or the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          // stdin left non-blocking by whoever started us: wait for data instead of spinning.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        throw readFailure(file, e as NodeJS.ErrnoException);
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_IMAGE_BYTES) throw new CommandFailure(`${file}: more than ${MAX_IMAGE_BYTES} bytes, too large for a vDSO image`, 'ERR_VDSO_TOO_LARGE');
      chunks.push(chunk.subarray(0, n));
    }
    if (total === 0) throw new CommandFailure(`${file}: empty file (0 bytes), not an ELF image`, 'ERR_VDSO_EMPTY_FILE');
    return Buffer.concat(chunks, total);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}
