#!/usr/bin/env node
'use strict';
// Writes <binary>.json beside a prebuilt addon: the sources it was built from
// (checked against the tree by test/package-prebuilds.test.js), the compiler,
// and the newest glibc / libstdc++ symbol versions it needs, read with readelf
// (target-independent, so it reads the cross-built binaries too).
const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { addonSources } = require('./addon-sources');

const root = join(__dirname, '..');
const [binary, compiler] = process.argv.slice(2);
if (!binary || !compiler) {
  process.stderr.write('usage: prebuild-manifest.js <prebuilds/.../x.node> <c++ compiler>\n');
  process.exit(2);
}

function newest(versions, prefix) {
  const matching = versions
    .filter((v) => new RegExp(`^${prefix}_[0-9]`).test(v))
    .map((v) => v.slice(prefix.length + 1).split('.').map(Number));
  if (!matching.length) return null;
  matching.sort((a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  });
  return `${prefix}_${matching[matching.length - 1].join('.')}`;
}

const needs = execFileSync('readelf', ['--version-info', '--wide', binary], { encoding: 'utf8' });
const versions = [...needs.matchAll(/Name: (\S+)\s+Flags/g)].map((m) => m[1]);
const header = execFileSync('readelf', ['--file-header', binary], { encoding: 'utf8' });
const dynamic = execFileSync('readelf', ['--dynamic', binary], { encoding: 'utf8' });
const manifest = {
  file: relative(root, binary),
  machine: /Machine:\s+(.+)/.exec(header)[1].trim(),
  compiler: execFileSync(compiler, ['--version'], { encoding: 'utf8' }).split('\n')[0],
  nodeApiVersion: 8,
  libc: /\.musl\.node$/.test(binary) ? 'musl' : 'glibc',
  needed: [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]),
  requires: { glibc: newest(versions, 'GLIBC'), libstdcxx: newest(versions, 'GLIBCXX'), cxxabi: newest(versions, 'CXXABI') },
  sources: addonSources(root),
};
writeFileSync(binary + '.json', JSON.stringify(manifest, null, 2) + '\n');
process.stdout.write(`${manifest.file}: ${manifest.machine}, ${manifest.libc}, needs ${manifest.needed.join(' ')}` +
  (manifest.libc === 'glibc' ? ` (${manifest.requires.glibc}, ${manifest.requires.libstdcxx})` : '') + '\n');
