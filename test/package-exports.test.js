'use strict';
// The package as consumers see it: `require('vdso')` and `import 'vdso'` go
// through the exports map to one module instance with the same names, and
// `npm pack` ships every file package.json points at and nothing from the
// development tree.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const runtime = require('./helpers/runtime');

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('require and import resolve through the exports map to the same instance', async () => {
  const cjs = require('vdso'); // self-reference: resolved through "exports", like a consumer's require
  assert.equal(cjs, require('..'));
  assert.equal(require.resolve('vdso'), join(root, 'dist', 'index.js'));
  // Deno resolves a package's import of its own name through the require condition; the ESM entry, by path.
  const esm = await import(runtime.deno ? pathToFileURL(join(root, 'lib', 'index.mjs')).href : 'vdso');
  assert.equal(esm.default, cjs);
  const esmNames = Object.keys(esm).filter((k) => k !== 'default').sort();
  const cjsNames = Object.keys(cjs).filter((k) => k !== '__esModule').sort();
  assert.deepEqual(esmNames, cjsNames, 'lib/index.mjs must list every CommonJS export');
  for (const name of esmNames) assert.equal(esm[name], cjs[name], name);
});

test('deep imports are closed; package.json stays readable', () => {
  // Node names the exports map; Bun just does not find the file.
  assert.throws(() => require('vdso/dist/binding.js'), (e) => ['ERR_PACKAGE_PATH_NOT_EXPORTED', 'MODULE_NOT_FOUND'].includes(e.code));
  assert.equal(require('vdso/package.json').name, 'vdso');
});

function targets(value) {
  if (typeof value === 'string') return [value];
  return Object.values(value).flatMap(targets);
}

test('npm pack ships what package.json points at, and no development files', () => {
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
  const files = new Set(report.files.map((f) => f.path));
  const wanted = [
    pkg.main, pkg.types, ...targets(pkg.exports), ...Object.values(pkg.bin),
    /node (\S+)/.exec(pkg.scripts.install)[1],
    'binding.gyp',
    'native/sources.gypi',
    ...[...readFileSync(join(root, 'native', 'sources.gypi'), 'utf8').matchAll(/'<\(vdso_root\)\/(native\/[^']+)'/g)].map((m) => m[1]),
    'dist/binding.js', 'dist/fallback.js',
  ].map((p) => p.replace(/^\.\//, ''));
  // The reference pages the README links to ship with it (README.md links docs/*.md).
  const linked = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]);
  for (const p of [...wanted, ...linked]) assert.ok(files.has(p), `${p} is not in the tarball`);
  const prebuilds = [...files].filter((p) => p.startsWith('prebuilds/') && p.endsWith('.node'));
  const committed = readdirSync(join(root, 'prebuilds')).flatMap((d) => readdirSync(join(root, 'prebuilds', d)).filter((f) => f.endsWith('.node')).map((f) => `prebuilds/${d}/${f}`));
  assert.ok(committed.length >= 7, committed.join(', '));
  assert.deepEqual(prebuilds.sort(), committed.sort());
  for (const p of files) {
    assert.ok(!/^(test|bench|\.ci)\//.test(p), `${p} should not ship`);
    assert.ok(!/^lib\/.*\.ts$/.test(p) || p === 'lib/index.d.mts', `${p} should not ship`);
    assert.ok(!/CMakeLists|\.cmake$/.test(p), `${p} should not ship`);
  }
  assert.match(readFileSync(join(root, pkg.bin.vdso), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
