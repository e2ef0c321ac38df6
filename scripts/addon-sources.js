'use strict';
// What a prebuilt addon is built from: the sources binding.gyp compiles, every
// native header, binding.gyp itself and the node-addon-api version. Hashing them
// lets the prebuild manifest record its inputs and lets a test notice a
// committed binary that no longer matches the tree.
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

function addonSourceFiles(root) {
  const gyp = readFileSync(join(root, 'binding.gyp'), 'utf8');
  const sources = [...gyp.matchAll(/"(native\/[^"]+\.(?:cc|cpp|c))"/g)].map((m) => m[1]);
  const headers = readdirSync(join(root, 'native'))
    .filter((f) => f.endsWith('.h'))
    .map((f) => `native/${f}`);
  return ['binding.gyp', ...new Set(sources), ...headers].sort();
}

/** { files: { path: sha256 }, nodeAddonApi, digest }: the inputs of the addon build. */
function addonSources(root) {
  const files = {};
  for (const f of addonSourceFiles(root)) files[f] = createHash('sha256').update(readFileSync(join(root, f))).digest('hex');
  const nodeAddonApi = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies['node-addon-api'];
  const digest = createHash('sha256').update(JSON.stringify({ files, nodeAddonApi })).digest('hex');
  return { files, nodeAddonApi, digest };
}

module.exports = { addonSources };
