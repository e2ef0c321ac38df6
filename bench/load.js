'use strict';
// Load cost, each load in a fresh process (load-child.js):
//   empty:  require() of an empty Node-API addon (bench/empty-addon)
//   addon:  require() of the vdso addon file alone (dlopen, ELF walk, Init)
//   vdso:   require('vdso'), the package: the addon plus its JS modules
// Timed two ways: inside the process around require() alone, and from the
// parent, spawn to exit (node's own start-up included, as a user running a
// short script sees it). The kinds alternate so drift on a shared machine
// hits all of them. The vdso runs also report a cold ELF walk in that process
// (floor-addon's own copy of the reader, loaded after the package); the walk
// is also measured with LD_BIND_NOW=1 (symbols bound at dlopen, not on first
// call) to show how much of it is the dynamic linker's lazy binding.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { median } = require('./timing');
const { benchAddon } = require('./addons');

const PACKAGE_DIR = path.join(__dirname, '..');
const TARGETS = {
  empty: null,  // built on first use
  addon: require('..').loaded.path,
  onefile: null,  // made on first use
  vdso: PACKAGE_DIR,
};

// The floor of any package that ships this addon: a package directory whose
// one JS file requires the addon (resolve, package.json, one module, dlopen, Init).
function oneFilePackage() {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'vdso-onefile-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "onefile", "main": "dist/index.js" }\n');
  fs.writeFileSync(path.join(dir, 'dist', 'index.js'), `module.exports = require(${JSON.stringify(TARGETS.addon)});\n`);
  return dir;
}

function loadOnce(kind, env = process.env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(__dirname, 'load-child.js'), TARGETS[kind], kind, benchAddon('floor')], { encoding: 'utf8', env });
  const processNs = (performance.now() - t0) * 1e6;
  if (r.status !== 0) throw new Error(`loading ${TARGETS[kind]} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), processNs };
}

function summary(values) {
  return { medianNs: median(values), minNs: Math.min(...values), maxNs: Math.max(...values), samples: values };
}

/** `runs` fresh processes of each kind. */
function measureLoad(runs) {
  TARGETS.empty = benchAddon('empty');
  TARGETS.onefile = oneFilePackage();
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
  out.oneFileRatio = out.onefile.require.medianNs / out.empty.require.medianNs;
  fs.rmSync(TARGETS.onefile, { recursive: true, force: true });
  out.addonRatio = out.addon.require.medianNs / out.empty.require.medianNs;
  out.processRatio = out.vdso.process.medianNs / out.empty.process.medianNs;
  out.elfWalk = summary(walk);
  out.elfWalkBindNow = summary(walkBindNow);
  out.elfWalkRepeat = summary(walkRepeat);
  return out;
}

module.exports = { measureLoad };
