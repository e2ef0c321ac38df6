#!/usr/bin/env node
'use strict';
// A minimal npm registry on 127.0.0.1 serving the tarballs of one directory,
// so scripts/pack-check.sh installs the packed package the way users get it:
// from a registry (npm treats a file: tarball as a source it may build, and
// lists its `prepare` as an install script; a registry package, never).
// Usage: node scripts/pack-check/registry.js DIR   prints its URL, serves until killed.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync } = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const dir = process.argv[2];
const packages = new Map(); // name -> { versions: { version: manifest }, files: { basename: path } }

for (const file of readdirSync(dir).filter((f) => f.endsWith('.tgz'))) {
  const full = path.join(dir, file);
  // The top directory is package/ for npm pack, another name in some (@types: node/).
  const top = execFileSync('tar', ['-tzf', full], { encoding: 'utf8' }).split('\n').find((e) => /^[^/]+\/package\.json$/.test(e));
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', full, top], { encoding: 'utf8' }));
  const bytes = readFileSync(full);
  const entry = packages.get(manifest.name) ?? { versions: {}, files: {} };
  entry.versions[manifest.version] = { manifest, file, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`, shasum: createHash('sha1').update(bytes).digest('hex') };
  entry.files[file] = full;
  packages.set(manifest.name, entry);
}

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname).slice(1);
  const [name, tarball] = url.split('/-/');
  const entry = packages.get(name);
  if (!entry || (tarball !== undefined && !entry.files[tarball])) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  if (tarball !== undefined) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(entry.files[tarball]));
    return;
  }
  const base = `http://127.0.0.1:${server.address().port}`;
  const versions = {};
  for (const [version, v] of Object.entries(entry.versions)) {
    versions[version] = { ...v.manifest, _id: `${name}@${version}`, dist: { tarball: `${base}/${name}/-/${v.file}`, integrity: v.integrity, shasum: v.shasum } };
  }
  const latest = Object.keys(versions).sort().at(-1);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, 'dist-tags': { latest }, versions }));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/\n`);
});
