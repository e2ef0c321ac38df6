'use strict';
// Load cost, each load in a fresh process (load-child.js):
//   empty:  require() of an empty Node-API addon (bench/empty-addon)
//   addon:  require() of the vdso addon file alone (dlopen, ELF walk, Init)
//   vdso:   require('vdso'), the package: the addon plus its JS modules
// Timed two ways: inside the process around require() alone, and from the
// parent, spawn to exit (node's own start-up included, as a user running a
// short script sees it). The kinds alternate so drift on a shared machine
// hits all of them. The vdso runs also report the ELF walk of that load; the
// walk is also measured with LD_BIND_NOW=1 (symbols bound at dlopen, not on
// first call) to show how much of it is the dynamic linker's lazy binding.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { median } = require('./timing');

const EMPTY_DIR = path.join(__dirname, 'empty-addon');
const PACKAGE_DIR = path.join(__dirname, '..');
const TARGETS = {
  empty: path.join(EMPTY_DIR, 'build', 'Release', 'empty.node'),
  addon: path.join(PACKAGE_DIR, 'build', 'Release', 'vdso.node'),
  vdso: PACKAGE_DIR,
};

function buildEmptyAddon() {
  if (fs.existsSync(TARGETS.empty)) return;
  const args = [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild'];
  // A packaged node ships its headers next to it (<prefix>/include/node): no download needed.
  const prefix = path.dirname(path.dirname(process.execPath));
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
    args.push(`--nodedir=${prefix}`);
  }
  const r = spawnSync(process.execPath, args, { cwd: EMPTY_DIR, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building bench/empty-addon failed:\n${r.stdout}\n${r.stderr}`);
}

function loadOnce(kind, env = process.env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(__dirname, 'load-child.js'), TARGETS[kind], kind], { encoding: 'utf8', env });
  const processNs = (performance.now() - t0) * 1e6;
  if (r.status !== 0) throw new Error(`loading ${TARGETS[kind]} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), processNs };
}

function summary(values) {
  return { medianNs: median(values), minNs: Math.min(...values), maxNs: Math.max(...values), samples: values };
}

/** `runs` fresh processes of each kind. */
function measureLoad(runs) {
  buildEmptyAddon();
  const kinds = Object.keys(TARGETS);
  const got = Object.fromEntries(kinds.map((k) => [k, { require: [], process: [] }]));
  const walk = [];
  const walkRepeat = [];
  const walkBindNow = [];
  for (let i = 0; i < runs; i++) {
    walkBindNow.push(loadOnce('vdso', { ...process.env, LD_BIND_NOW: '1' }).walkNs);
    const order = i % 2 ? [...kinds].reverse() : kinds;
    for (const kind of order) {
      const r = loadOnce(kind);
      got[kind].require.push(r.ns);
      got[kind].process.push(r.processNs);
      if (kind === 'vdso') {
        walk.push(r.walkNs);
        walkRepeat.push(r.walkRepeatNs);
      }
    }
  }
  const out = { runs };
  for (const kind of kinds) out[kind] = { require: summary(got[kind].require), process: summary(got[kind].process) };
  out.ratio = out.vdso.require.medianNs / out.empty.require.medianNs;
  out.addonRatio = out.addon.require.medianNs / out.empty.require.medianNs;
  out.processRatio = out.vdso.process.medianNs / out.empty.process.medianNs;
  out.elfWalk = summary(walk);
  out.elfWalkBindNow = summary(walkBindNow);
  out.elfWalkRepeat = summary(walkRepeat);
  return out;
}

module.exports = { measureLoad };
