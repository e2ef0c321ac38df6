'use strict';
// The package as consumers see it: `require('vdso')` and `import 'vdso'` reach
// one module instance with the same names, and
// `npm pack` ships every file package.json points at and nothing from the
// development tree.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { brokenLinks, unreachedFiles } = require('../scripts/pack-check/tarball');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('require and import reach one module instance with every name: no exports map, so a require never loads Node\'s ES module resolver', async () => {
  assert.equal(pkg.exports, undefined, 'an "exports" field costs every first require about 2 ms (Node\'s ES module resolver)');
  const cjs = require('..');
  assert.equal(require.resolve('..'), join(root, pkg.main));
  // An ES module import of the CommonJS entry: Node (cjs-module-lexer), Bun and Deno find
  // the names in the source (`exports.NAME =`), so each must be written out in lib/index.ts.
  const esm = await import(pathToFileURL(join(root, pkg.main)).href);
  assert.equal(esm.default, cjs);
  const esmNames = Object.keys(esm).filter((k) => k !== 'default' && k !== 'module.exports').sort();
  const cjsNames = Object.keys(cjs).filter((k) => k !== '__esModule').sort();
  assert.deepEqual(esmNames.filter((k) => k !== '__esModule'), cjsNames, 'every CommonJS export is a named ES export');
  for (const name of cjsNames) assert.equal(esm[name], cjs[name], name);
});

test('package.json stays readable', () => {
  assert.equal(require('../package.json').name, 'vdso');
});

test('npm pack ships what package.json points at, and no development files', () => {
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
  const files = new Set(report.files.map((f) => f.path));
  const wanted = [
    pkg.main, pkg.types, ...Object.values(pkg.bin), 'dist/extras.js',
    'dist/binding.gyp', 'LICENSE', 'CHANGELOG.md', 'README.md',
    'native/sources.gypi',
    ...[...readFileSync(join(root, 'native', 'sources.gypi'), 'utf8').matchAll(/'<\(vdso_root\)\/(native\/[^']+)'/g)].map((m) => m[1]),
    'dist/fallback.js',
  ].map((p) => p.replace(/^\.\//, ''));
  // The reference pages the README links to ship with it (README.md links docs/*.md).
  const linked = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]);
  for (const p of [...wanted, ...linked]) assert.ok(files.has(p), `${p} is not in the tarball`);
  const prebuilds = [...files].filter((p) => p.startsWith('prebuilds/') && p.endsWith('.node'));
  const committed = readdirSync(join(root, 'prebuilds')).flatMap((d) => readdirSync(join(root, 'prebuilds', d)).filter((f) => f.endsWith('.node')).map((f) => `prebuilds/${d}/${f}`));
  assert.ok(committed.length >= 7, committed.join(', '));
  assert.deepEqual(prebuilds.sort(), committed.sort());
  for (const p of files) {
    assert.ok(!/^(test|bench|scripts|\.ci)\//.test(p), `${p} should not ship`);
    assert.ok(!/^dist\/.*\.js$/.test(p) || ['dist/index.js', 'dist/fallback.js', 'dist/extras.js', 'dist/cli.js'].includes(p), `${p}: only the four bundles ship`);
    assert.ok(!/^lib\/.*\.ts$/.test(p) || p === 'lib/index.d.mts', `${p} should not ship`);
    assert.ok(!/CMakeLists|\.cmake$/.test(p), `${p} should not ship`);
  }
  assert.match(readFileSync(join(root, pkg.bin.vdso), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('the published package runs no install script: no preinstall, install or postinstall, no implicit node-gyp rebuild', () => {
  for (const s of ['preinstall', 'install', 'postinstall']) assert.equal(pkg.scripts[s], undefined, s);
  // With binding.gyp at the root npm runs `node-gyp rebuild` at install: unless told not to, and
  // from a lockfile (npm ci) even then (npm 11 does not record gypfile there). So none ships there.
  assert.equal(pkg.gypfile, false);
  // A clone still builds: npm ci and npm install run prepare there (never for a registry install).
  assert.match(pkg.scripts.prepare, /build/);
  assert.match(pkg.scripts.build, /node-gyp rebuild/);
});

test('every file of the tarball is loaded, built or linked by something (scripts/pack-check/tarball.js)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vdso-tarball-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }));
  mkdirSync(join(dir, 'package'));
  execFileSync('tar', ['-xzf', join(dir, report.filename), '-C', join(dir, 'package'), '--strip-components=1']);
  assert.deepEqual(unreachedFiles(join(dir, 'package')), []);
  assert.ok(!report.files.some((f) => f.path === 'binding.gyp'), 'a binding.gyp at the root makes npm build at install');
});

test('the tarball checker finds a file nothing loads and a link to a file not shipped (control)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vdso-tarball-control-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'dist'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ main: 'dist/index.js', types: 'dist/index.d.ts' }));
  writeFileSync(join(dir, 'dist', 'index.js'), "require('./used');\n");
  writeFileSync(join(dir, 'dist', 'used.js'), '');
  writeFileSync(join(dir, 'dist', 'stray.js'), '');
  writeFileSync(join(dir, 'dist', 'index.d.ts'), "export * from './types';\n");
  writeFileSync(join(dir, 'dist', 'types.d.ts'), '');
  writeFileSync(join(dir, 'README.md'), '[api](docs/api.md) [gone](bench/README.md) ![chart](bench/x.svg) [web](https://example.org/a.md) [here](#install) `[not](a-link.md)`\n');
  writeFileSync(join(dir, 'docs', 'api.md'), '[back](../README.md#install) [missing](cli.md)\n');
  assert.deepEqual(unreachedFiles(dir), ['dist/stray.js']);
  assert.deepEqual(brokenLinks(dir), [
    { file: 'README.md', link: 'bench/README.md' },
    { file: 'README.md', link: 'bench/x.svg' },
    { file: 'docs/api.md', link: 'cli.md' },
  ]);
});

test('every module wrapper of the bundles the package loads is compiled once at load (a parenthesized function, scripts/bundle.js)', () => {
  for (const bundle of ['index.js', 'extras.js', 'fallback.js']) {
    const code = readFileSync(join(root, 'dist', bundle), 'utf8');
    const eager = code.match(/__commonJS\(\{"[^"]+":\(function\(/g) ?? [];
    const lazy = code.match(/__commonJS\(\{"[^"]+"\(/g) ?? [];
    assert.ok(eager.length > 0, `${bundle}: no eager wrapper`);
    assert.equal(lazy.length, 0, `${bundle}: ${lazy.length} wrappers left as methods`);
  }
});
