'use strict';
// The process's MAP_DROPPABLE mappings, from the kernel's own account
// (/proc/self/smaps VmFlags "dp", Linux 6.11+). Harmless to run as a test file.
const fs = require('node:fs');

/** [{ start, end }] as BigInts, for every VMA the kernel flags droppable. */
function droppableMappings() {
  const text = fs.readFileSync('/proc/self/smaps', 'utf8');
  const out = [];
  for (const block of text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    if (!/^VmFlags:.*\bdp\b/m.test(block)) continue;
    const [a, b] = block.slice(0, block.indexOf(' ')).split('-');
    out.push({ start: BigInt('0x' + a), end: BigInt('0x' + b) });
  }
  return out;
}

function droppableBytes() {
  return droppableMappings().reduce((n, m) => n + Number(m.end - m.start), 0);
}

/** Whether [addr, addr + size) lies inside one droppable mapping. */
function inDroppable(addr, size) {
  const a = BigInt(addr);
  return droppableMappings().some((m) => a >= m.start && a + BigInt(size) <= m.end);
}

module.exports = { droppableMappings, droppableBytes, inDroppable };
