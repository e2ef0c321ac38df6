'use strict';
// Checks on a supposedly random byte stream, shared by the random-* tests.
// Harmless to run as a test file: it only defines functions.

/** Pearson's chi-square of the byte frequencies against uniform (255 degrees of freedom). */
function chiSquare(bytes) {
  const counts = new Float64Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]]++;
  const expected = bytes.length / 256;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - expected) ** 2 / expected;
  return chi2;
}

/**
 * How many `block`-byte blocks (at multiples of `block` in each buffer) equal
 * an earlier one. Sorts the first 8 bytes of every block; only blocks whose
 * prefix occurs twice are then compared in full.
 */
function repeatedBlocks(buffers, block = 32) {
  let total = 0;
  for (const b of buffers) total += Math.floor(b.length / block);
  const keys = new BigUint64Array(total);
  let k = 0;
  for (const b of buffers) for (let off = 0; off + block <= b.length; off += block) keys[k++] = b.readBigUInt64LE(off);
  keys.sort();
  const suspects = new Set();
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) suspects.add(keys[i]);
  if (!suspects.size) return 0;
  const seen = new Set();
  let repeats = 0;
  for (const b of buffers) {
    for (let off = 0; off + block <= b.length; off += block) {
      if (!suspects.has(b.readBigUInt64LE(off))) continue;
      const hex = b.toString('hex', off, off + block);
      if (seen.has(hex)) repeats++;
      else seen.add(hex);
    }
  }
  return repeats;
}

module.exports = { chiSquare, repeatedBlocks };
