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
// What readelf must say of each target's binary: the machine, and where an
// architecture has more than one ABI, the one Node's own binaries use.
const targets = {
  'linux-x64/vdso.glibc.node': { machine: 'Advanced Micro Devices X86-64' },
  'linux-arm64/vdso.glibc.node': { machine: 'AArch64' },
  'linux-arm/vdso.armv7.glibc.node': { machine: 'ARM', flags: /Version5 EABI, hard-float ABI/ },
  'linux-ppc64/vdso.glibc.node': { machine: 'PowerPC64', data: /little endian/, flags: /abiv2/ },
  'linux-s390x/vdso.glibc.node': { machine: 'IBM S/390', data: /big endian/ },
  'linux-x64/vdso.musl.node': { machine: 'Advanced Micro Devices X86-64' },
  'linux-arm64/vdso.musl.node': { machine: 'AArch64' },
};
// Node 20's Linux binaries need glibc >= 2.28; the oldest distributions with
// it (RHEL 8, Debian 10) ship GCC 8's libstdc++: GLIBCXX_3.4.25, CXXABI_1.3.11.
const ceilings = { GLIBC: [2, 28], GLIBCXX: [3, 4, 25], CXXABI: [1, 3, 11] };

const prebuilds = readdirSync(join(root, 'prebuilds')).flatMap((tuple) =>
  readdirSync(join(root, 'prebuilds', tuple)).filter((f) => f.endsWith('.node')).map((f) => ({ tuple, name: `${tuple}/${f}`, file: join(root, 'prebuilds', tuple, f) })),
);

test('prebuilds exist for every official Node Linux target, glibc and musl each tagged so the other never picks it', () => {
  assert.deepEqual(prebuilds.map((p) => p.name).sort(), Object.keys(targets).sort());
});

function newer(version, ceiling) {
  for (let i = 0; i < Math.max(version.length, ceiling.length); i++) {
    if ((version[i] ?? 0) !== (ceiling[i] ?? 0)) return (version[i] ?? 0) > (ceiling[i] ?? 0);
  }
  return false;
}

for (const { name, file } of prebuilds) {
  test(`${name}: built from the sources in this tree`, () => {
    const manifest = JSON.parse(readFileSync(file + '.json', 'utf8'));
    const now = addonSources(root);
    const changed = Object.keys({ ...now.files, ...manifest.sources.files }).filter((f) => now.files[f] !== manifest.sources.files[f]);
    assert.deepEqual(changed, [], `stale prebuild: ${changed.join(', ')} changed since it was built; run npm run build:prebuilds`);
    assert.equal(manifest.sources.digest, now.digest, 'stale prebuild (node-addon-api version?); run npm run build:prebuilds');
  });

  const target = targets[name] ?? {};
  const musl = name.endsWith('.musl.node');
  test(`${name}: an ELF shared object for ${target.machine}, loadable wherever Node 20 runs (${musl ? 'musl: libc.so only' : 'glibc 2.28, GCC 8 libstdc++'})`, () => {
    const header = execFileSync('readelf', ['--file-header', file], { encoding: 'utf8' });
    assert.match(header, /Type:\s+DYN/);
    assert.equal(/Machine:\s+(.+)/.exec(header)[1].trim(), target.machine);
    if (target.data) assert.match(/Data:\s+(.+)/.exec(header)[1], target.data);
    if (target.flags) assert.match(/Flags:\s+(.+)/.exec(header)[1], target.flags);
    const needs = execFileSync('readelf', ['--version-info', '--wide', file], { encoding: 'utf8' });
    const versions = [...needs.matchAll(/Name: (GLIBC|GLIBCXX|CXXABI)_([0-9.]+)\s+Flags/g)];
    const needed = [...execFileSync('readelf', ['--dynamic', file], { encoding: 'utf8' }).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    const dynamic = execFileSync('readelf', ['--dyn-syms', '--wide', file], { encoding: 'utf8' });
    assert.match(dynamic, /\bnapi_register_module_v1\b/, 'the Node-API entry point is exported');
    if (musl) {
      // musl's loader maps "libc.so" to itself; a C++ runtime of its own
      // (libc++, linked in) and nothing exported but the Node-API entry points.
      assert.deepEqual(needed, ['libc.so']);
      assert.deepEqual(versions, [], needs);
      const exported = dynamic.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 8 && /^\d+:$/.test(f[0]) && f[6] !== 'UND' && f[4] !== 'LOCAL').map((f) => f[7]);
      assert.deepEqual(exported.sort(), ['napi_register_module_v1', 'node_api_module_get_api_version_v1']);
      return;
    }
    assert.ok(needed.includes('libc.so.6') && needed.includes('libstdc++.so.6'), needed.join(' '));
    assert.ok(versions.some((m) => m[1] === 'GLIBC'), needs);
    for (const [, lib, v] of versions) {
      assert.ok(!newer(v.split('.').map(Number), ceilings[lib]), `needs ${lib}_${v}, newer than ${lib}_${ceilings[lib].join('.')}`);
    }
  });
}
