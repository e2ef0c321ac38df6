#!/usr/bin/env node
'use strict';
// What the published package holds, checked on the unpacked tarball:
//  - every relative link or image of README.md and docs/**/*.md names a file
//    inside the package (a package page shows only what the tarball has);
//  - every file is used: reached from package.json (main, types, exports,
//    bin) through the files' own requires, imports and references, from a
//    binding.gyp through its includes, sources and #includes (the build from
//    source), a prebuild the loader would load, or a document.
// Usage: node scripts/pack-check/tarball.js DIR   (exit 1, naming each problem)
const { existsSync, readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

function listFiles(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

const isDocument = (f) => /\.md$/i.test(f) || /^(LICEN[CS]E|NOTICE)(\.\w+)?$/i.test(f);

/** [{ file, link }] of relative links and images in the package's Markdown that name no file in it. */
function brokenLinks(dir) {
  const files = new Set(listFiles(dir));
  const documents = [...files].filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')));
  const broken = [];
  for (const file of documents) {
    const text = readFileSync(path.join(dir, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
    const targets = [
      ...[...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]),
      ...[...text.matchAll(/<(?:img|a)\b[^>]*\b(?:src|href)="([^"]+)"/gi)].map((m) => m[1]),
    ];
    for (const link of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('#') || link.startsWith('//')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(link.split('#')[0])));
      const isDir = [...files].some((f) => f.startsWith(`${target.replace(/\/$/, '')}/`));
      if (!files.has(target.replace(/\/$/, '')) && !isDir) broken.push({ file, link });
    }
  }
  return broken;
}

// The files a file loads, relative to the package root.
function edges(dir, file) {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const here = path.posix.dirname(file);
  const rel = (p) => path.posix.normalize(path.posix.join(here, p));
  const out = [];
  if (/\.(c|m)?js$/.test(file)) {
    for (const m of text.matchAll(/(?:\brequire\(|\bfrom\s*|\bimport\(\s*|\bimport\s+)["'](\.\.?\/[^"']+)["']/g)) {
      const base = rel(m[1]);
      out.push(base, `${base}.js`, `${base}/index.js`);
    }
  } else if (/\.d\.(c|m)?ts$/.test(file)) {
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\(\s*|\bimport\s+)["'](\.\.?\/[^"']+)["']|<reference\s+path="([^"]+)"/g)) {
      const base = rel(m[1] ?? m[2]);
      out.push(base, base.replace(/\.(c|m)?js$/, '.d.$1ts'), `${base}.d.ts`, `${base}/index.d.ts`);
    }
  } else if (/\.gypi?$/.test(file)) {
    for (const m of text.matchAll(/["'](?:<\(vdso_root\)\/)?([\w./-]+\.(?:gypi|cc|c|cpp|S|h))["']/g)) {
      out.push(path.posix.normalize(m[1]), rel(m[1]));
    }
  } else if (/\.(cc|c|cpp|h|S)$/.test(file)) {
    for (const m of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) out.push(rel(m[1]));
  }
  return out;
}

function targetsOf(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targetsOf);
  return [];
}

// prebuilds/<platform>-<arch>/vdso[.armv<N>].<libc>.node: the names lib/binding.ts and node-gyp-build load.
const PREBUILD = /^prebuilds\/linux-[a-z0-9]+\/vdso(\.armv\d+)?\.(glibc|musl)\.node$/;

/** Files of the package that nothing loads, reads or links to. */
function unreachedFiles(dir) {
  const files = new Set(listFiles(dir));
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  const roots = [
    'package.json',
    ...[pkg.main, pkg.types, pkg.typings, ...bin, ...targetsOf(pkg.exports)].filter(Boolean).map((p) => path.posix.normalize(p)),
    // A binding.gyp: what the build from source runs (vdso info gives the command).
    ...[...files].filter((f) => isDocument(f) || PREBUILD.test(f) || f.endsWith('binding.gyp')),
  ];
  const reached = new Set();
  const queue = roots.filter((f) => files.has(f));
  while (queue.length > 0) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const next of edges(dir, file)) if (files.has(next) && !reached.has(next)) queue.push(next);
  }
  return [...files].filter((f) => !reached.has(f)).sort();
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error('usage: node scripts/pack-check/tarball.js UNPACKED_PACKAGE_DIR');
    process.exit(2);
  }
  let ok = true;
  for (const { file, link } of brokenLinks(dir)) {
    console.error(`pack-check: ${file} links to ${link}, which is not in the tarball`);
    ok = false;
  }
  for (const file of unreachedFiles(dir)) {
    console.error(`pack-check: ${file} is in the tarball but nothing loads, builds or links to it`);
    ok = false;
  }
  process.exitCode = ok ? 0 : 1;
}

module.exports = { brokenLinks, unreachedFiles, listFiles };
