import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CommandFailure, fileFailure, UsageError } from './failure';

/**
 * Real vDSOs are a few KiB; shared objects worth inspecting are at most a few
 * MiB. The cap keeps `vdso inspect /dev/zero` from eating memory.
 */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

const readFailure = (file: string, err: NodeJS.ErrnoException) => fileFailure(file, 'read', err);

// Up to `size` bytes of a regular file (fewer if it shrank meanwhile).
function readExactly(fd: number, file: string, size: number): Buffer {
  const image = Buffer.allocUnsafeSlow(size);
  let done = 0;
  while (done < size) {
    let n: number;
    try {
      n = readSync(fd, image, done, size - done, null);
    } catch (e) {
      throw readFailure(file, e as NodeJS.ErrnoException);
    }
    if (n === 0) break;
    done += n;
  }
  return done === size ? image : image.subarray(0, done);
}

/** Reads a whole file ('-' for stdin) as an image, with a message that says what is wrong. */
export function readImageFile(file: string): Buffer {
  // isatty, not process.stdin: touching process.stdin would make a pipe non-blocking.
  if (file === '-' && isatty(0)) throw new UsageError('-: refusing to read an image from a terminal on stdin');
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (e) {
    throw readFailure(file, e as NodeJS.ErrnoException);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw fileFailure(file, 'read', Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
    if (st.isFile() && st.size > MAX_IMAGE_BYTES) {
      throw new CommandFailure(`${file}: too large for a vDSO image: ${st.size} bytes, the limit is ${MAX_IMAGE_BYTES} (ERR_VDSO_TOO_LARGE)`, 'ERR_VDSO_TOO_LARGE');
    }
    // A regular file is read into one buffer of its size: the image is held once, not twice.
    if (st.isFile() && st.size > 0) return readExactly(fd, file, st.size);
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
      if (total > MAX_IMAGE_BYTES) throw new CommandFailure(`${file}: too large for a vDSO image: more than ${MAX_IMAGE_BYTES} bytes (ERR_VDSO_TOO_LARGE)`, 'ERR_VDSO_TOO_LARGE');
      chunks.push(chunk.subarray(0, n));
    }
    if (total === 0) throw new CommandFailure(`${file}: not an ELF image: the file is empty (ERR_VDSO_EMPTY_FILE)`, 'ERR_VDSO_EMPTY_FILE');
    return Buffer.concat(chunks, total);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}
