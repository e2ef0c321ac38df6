/**
 * Whether a view's ArrayBuffer has been detached (transferred). Node 20 has no
 * ArrayBuffer.prototype.detached: a detached buffer reads as zero-length and
 * refuses a new view over it (a DataView refuses even byteLength), so only
 * empty views cost more than one property read.
 */
export function isDetached(view: ArrayBufferView): boolean {
  try {
    if (view.byteLength !== 0) return false;
    new Uint8Array(view.buffer);
    return false;
  } catch {
    return true;
  }
}
