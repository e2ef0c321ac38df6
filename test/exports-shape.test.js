'use strict';
// `vdso.clockGettime(...)` reads a property of the module object on every
// call: V8 must keep that object in fast mode. A re-export compiled to an
// accessor over an existing data property once dropped it into dictionary
// mode, a few ns per call, which no functional test notices.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

test('the CommonJS module object keeps fast properties', () => {
  const root = path.join(__dirname, '..');
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '-e',
    `process.stdout.write(String(%HasFastProperties(require(${JSON.stringify(root)}))))`], { encoding: 'utf8' });
  assert.equal(out, 'true');
});
