'use strict';
// The committed prebuilt addons: each matches the sources in this tree (a
// stale binary would ship old behaviour to everyone without a compiler), is
// built for the architecture its directory names, and needs no newer glibc
// or libstdc++ than the oldest systems Node 20 runs on. readelf is the oracle.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { addonSources } = require('../scripts/addon-sources');

const root = join(__dirname, '..');
const machines = { x64: 'Advanced Micro Devices X86-64', arm64: 'AArch64' };
// Node 20's Linux binaries need glibc >= 2.28; the oldest distributions with
// it (RHEL 8, Debian 10) ship GCC 8's libstdc++: GLIBCXX_3.4.25, CXXABI_1.3.11.
const ceilings = { GLIBC: [2, 28], GLIBCXX: [3, 4, 25], CXXABI: [1, 3, 11] };

const prebuilds = readdirSync(join(root, 'prebuilds')).flatMap((tuple) =>
  readdirSync(join(root, 'prebuilds', tuple)).filter((f) => f.endsWith('.node')).map((f) => ({ tuple, file: join(root, 'prebuilds', tuple, f) })),
);

test('prebuilds exist for linux-x64 and linux-arm64, glibc-tagged so musl systems never pick them', () => {
  const names = prebuilds.map((p) => `${p.tuple}/${p.file.split('/').pop()}`).sort();
  assert.deepEqual(names, ['linux-arm64/vdso.glibc.node', 'linux-x64/vdso.glibc.node']);
});

function newer(version, ceiling) {
  for (let i = 0; i < Math.max(version.length, ceiling.length); i++) {
    if ((version[i] ?? 0) !== (ceiling[i] ?? 0)) return (version[i] ?? 0) > (ceiling[i] ?? 0);
  }
  return false;
}

for (const { tuple, file } of prebuilds) {
  test(`${tuple}: built from the sources in this tree`, () => {
    const manifest = JSON.parse(readFileSync(file + '.json', 'utf8'));
    const now = addonSources(root);
    const changed = Object.keys({ ...now.files, ...manifest.sources.files }).filter((f) => now.files[f] !== manifest.sources.files[f]);
    assert.deepEqual(changed, [], `stale prebuild: ${changed.join(', ')} changed since it was built; run npm run build:prebuilds`);
    assert.equal(manifest.sources.digest, now.digest, 'stale prebuild (node-addon-api version?); run npm run build:prebuilds');
  });

  test(`${tuple}: an ELF shared object for ${tuple.split('-')[1]}, loadable wherever Node 20 runs (glibc 2.28, GCC 8 libstdc++)`, () => {
    const header = execFileSync('readelf', ['--file-header', file], { encoding: 'utf8' });
    assert.match(header, /Type:\s+DYN/);
    assert.equal(/Machine:\s+(.+)/.exec(header)[1].trim(), machines[tuple.split('-')[1]]);
    const needs = execFileSync('readelf', ['--version-info', '--wide', file], { encoding: 'utf8' });
    const versions = [...needs.matchAll(/Name: (GLIBC|GLIBCXX|CXXABI)_([0-9.]+)\s+Flags/g)];
    assert.ok(versions.some((m) => m[1] === 'GLIBC'), needs);
    for (const [, lib, v] of versions) {
      assert.ok(!newer(v.split('.').map(Number), ceilings[lib]), `needs ${lib}_${v}, newer than ${lib}_${ceilings[lib].join('.')}`);
    }
    const dynamic = execFileSync('readelf', ['--dyn-syms', '--wide', file], { encoding: 'utf8' });
    assert.match(dynamic, /\bnapi_register_module_v1\b/, 'the Node-API entry point is exported');
  });
}
