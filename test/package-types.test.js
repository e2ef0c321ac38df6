'use strict';
// Type tests: test/types compiles against the shipped declarations (through the
// exports map, both conditions), and a misuse without the expect-error marker
// really is rejected, so the check cannot pass by accident.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');

function compile(project) {
  const run = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

test('test/types compiles: the public API as documented, misuses rejected', () => {
  const r = compile(join(__dirname, 'types'));
  assert.equal(r.status, 0, r.out);
});

test('a wrong argument type fails to compile (control)', (t) => {
  // Inside the package, so 'vdso' resolves by self-reference as in test/types.
  const dir = join(__dirname, '.tmp', 'types-control');
  mkdirSync(dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'bad.mts'), "import { clockGettime } from 'vdso';\nclockGettime('MONOTONIC');\n");
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    extends: '../../types/tsconfig.json',
    compilerOptions: { skipLibCheck: true },
    files: ['bad.mts'],
  }));
  const r = compile(dir);
  assert.notEqual(r.status, 0, r.out);
  assert.match(r.out, /bad\.mts\(2,14\): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'/);
});
