// Run by scripts/pack-check.sh: `import` sees the same module instance as `require`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import vdso, { CLOCK_MONOTONIC, clockGettime, hrtime, loaded } from 'vdso';

const require = createRequire(import.meta.url);
assert.equal(vdso, require('vdso'));
assert.equal(clockGettime, vdso.clockGettime);
assert.equal(loaded.backend, process.env.EXPECT_BACKEND, loaded.reason);
const [s, ns] = clockGettime(CLOCK_MONOTONIC);
assert.ok(Number.isInteger(s) && Number.isInteger(ns) && ns >= 0 && ns < 1e9);
const d = hrtime([s, ns]);
assert.ok(d[0] >= 0 && d[1] >= 0);
process.stdout.write(`esm: ${loaded.backend} (${loaded.reason})\n`);
