'use strict';
// What a prebuilt addon is built from: the sources binding.gyp compiles, every
// native header, binding.gyp itself and the node-addon-api version. Hashing them
// lets the prebuild manifest record its inputs and lets a test notice a
// committed binary that no longer matches the tree.
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/** One list of native/sources.gypi (vdso_core_sources, vdso_node_sources): its files, relative to the root. */
function gypiList(root, name) {
  const gypi = readFileSync(join(root, 'native', 'sources.gypi'), 'utf8');
  const list = new RegExp(`'${name}': \\[([^\\]]*)\\]`).exec(gypi);
  if (!list) throw new Error(`native/sources.gypi has no list '${name}'`);
  return [...list[1].matchAll(/'<\(vdso_root\)\/([^']+)'/g)].map((m) => m[1]);
}

function addonSourceFiles(root) {
  // native/sources.gypi is the one list (binding.gyp includes it).
  const sources = [...gypiList(root, 'vdso_core_sources'), ...gypiList(root, 'vdso_node_sources')];
  const headers = readdirSync(join(root, 'native'))
    .filter((f) => f.endsWith('.h'))
    .map((f) => `native/${f}`);
  return ['binding.gyp', 'native/sources.gypi', ...new Set(sources), ...headers].sort();
}

/** { files: { path: sha256 }, nodeAddonApi, digest }: the inputs of the addon build. */
function addonSources(root) {
  const files = {};
  for (const f of addonSourceFiles(root)) files[f] = createHash('sha256').update(readFileSync(join(root, f))).digest('hex');
  const nodeAddonApi = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies['node-addon-api'];
  const digest = createHash('sha256').update(JSON.stringify({ files, nodeAddonApi })).digest('hex');
  return { files, nodeAddonApi, digest };
}

module.exports = { addonSources, gypiList };
