'use strict';
// Child process for the strace test: N calls of each vDSO-served form.
// Usage: node call-clocks.js N
if (require.main === module) {
  const vdso = require('../..');
  const n = Number(process.argv[2]);
  const out = new Float64Array(2);
  for (let i = 0; i < n; i++) vdso.clockGettimeInto(vdso.CLOCK_MONOTONIC, out);
  for (let i = 0; i < n; i++) vdso.gettimeofday();
  process.stdout.write(JSON.stringify({ path: vdso.backend.clock_gettime.path, last: out[0] }) + '\n');
}
