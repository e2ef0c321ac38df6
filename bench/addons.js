'use strict';
// The benchmark's own addons, built on demand with node-gyp and never part of
// the package: empty-addon (the cost of loading and calling any Node-API
// addon) and floor-addon (C loops over the package's calls, the ELF walk).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** The path of bench/<name>-addon's .node file, built first if missing. */
function benchAddon(name) {
  const dir = path.join(__dirname, `${name}-addon`);
  const file = path.join(dir, 'build', 'Release', `${name}.node`);
  if (fs.existsSync(file)) return file;
  const args = [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild'];
  // A packaged node ships its headers next to it (<prefix>/include/node): no download needed.
  const prefix = path.dirname(path.dirname(process.execPath));
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
    args.push(`--nodedir=${prefix}`);
  }
  // node-gyp is a Node program: under Bun or Deno, the node on the PATH runs it.
  const node = process.versions.bun || typeof globalThis.Deno !== 'undefined' ? 'node' : process.execPath;
  const r = spawnSync(node, args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building bench/${name}-addon failed:\n${r.stdout}\n${r.stderr}`);
  return file;
}

module.exports = { benchAddon };
