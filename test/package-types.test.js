'use strict';
// Type tests: test/types compiles against the shipped declarations (ESM and
// CommonJS), and a misuse without the expect-error marker
// really is rejected, so the check cannot pass by accident. Then the packed
// tarball, in a consumer project as users have it (@types/node installed, no
// `types` setting), type-checks with TypeScript 5.9 (the build's) and 7 (what
// `npm install typescript` gives, which loads no @types package unless asked),
// with module nodenext and with moduleResolution bundler, from CJS and ESM.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
// TypeScript 7 lives in a project of its own (installed by pretest): its `tsc` bin would shadow 5.9's here.
const typescript7 = join(__dirname, 'fixtures', 'typescript-7', 'node_modules', 'typescript');

function compile(project, compiler = tsc) {
  const run = spawnSync(process.execPath, [compiler, '-p', project], { cwd: root, encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

test('test/types compiles: the public API as documented, misuses rejected', () => {
  const r = compile(join(__dirname, 'types'));
  assert.equal(r.status, 0, r.out);
});

test('a wrong argument type fails to compile (control)', (t) => {
  // 'vdso' resolves through test/types' path mapping.
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

const COMPILERS = [
  { name: 'TypeScript 5.9', tsc, version: /^Version 5\.9\./ },
  { name: 'TypeScript 7', tsc: join(typescript7, 'bin', 'tsc'), version: /^Version 7\./ },
];
const SETTINGS = {
  'module nodenext': { module: 'nodenext' },
  'moduleResolution bundler': { module: 'preserve', moduleResolution: 'bundler' },
};

// The packed tarball unpacked as node_modules/vdso of a new project, beside
// the repository's @types/node (a consumer's install, without the network).
function consumerProject(t) {
  const dir = mkdtempSync(join(tmpdir(), 'vdso-types-consumer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  const tarball = join(dir, JSON.parse(out)[0].filename);
  const pkg = join(dir, 'node_modules', 'vdso');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
  mkdirSync(join(dir, 'node_modules', '@types'));
  symlinkSync(dirname(require.resolve('@types/node/package.json')), join(dir, 'node_modules', '@types', 'node'));
  symlinkSync(dirname(require.resolve('undici-types/package.json', { paths: [require.resolve('@types/node/package.json')] })), join(dir, 'node_modules', 'undici-types'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "vdso-types-consumer", "private": true }\n');
  for (const f of ['consumer.cts', 'consumer.mts']) copyFileSync(join(root, 'scripts', 'pack-check', f), join(dir, f));
  return dir;
}

test('the packed tarball type-checks in a consumer project: TypeScript 5.9 and 7, nodenext and bundler, CJS and ESM', (t) => {
  const dir = consumerProject(t);
  for (const c of COMPILERS) {
    const version = spawnSync(process.execPath, [c.tsc, '--version'], { encoding: 'utf8' });
    assert.match(version.stdout, c.version, `${c.name}: ${version.stdout}${version.stderr} (npm test's pretest installs test/fixtures/typescript-7)`);
    for (const [name, options] of Object.entries(SETTINGS)) {
      // No `types`: TypeScript 7 then loads no @types package; the declarations must ask for Node's themselves.
      const config = join(dir, `tsconfig.${name.split(' ')[1]}.json`);
      writeFileSync(config, JSON.stringify({
        compilerOptions: { ...options, target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false },
        files: ['consumer.cts', 'consumer.mts'],
      }));
      const r = compile(config, c.tsc);
      assert.equal(r.status, 0, `${c.name}, ${name}:\n${r.out}`);
    }
  }
  // Control: the same projects reject a misuse, so a check that loads nothing cannot pass.
  writeFileSync(join(dir, 'consumer.mts'), readFileSync(join(dir, 'consumer.mts'), 'utf8').replace('// @ts-expect-error clock ids are numbers\n', ''));
  for (const c of COMPILERS) {
    const r = compile(join(dir, 'tsconfig.nodenext.json'), c.tsc);
    assert.match(r.out, /consumer\.mts\(\d+,\d+\): error TS2345/, `${c.name}:\n${r.out}`);
  }
});
