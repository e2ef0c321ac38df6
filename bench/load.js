'use strict';
// What `require('vdso')` costs, against `require('microtime')` (the most used
// native clock addon, loaded through node-gyp-build), the package's vdso.node
// file alone, and an empty Node-API addon: each load in a fresh process
// (load-child.js) of a project that installed the package and microtime
// (consumer()), the kinds alternating (each run starts at the next kind),
// after one untimed round that warms the disk cache. Timed two ways: inside the
// process around require() alone, and spawn to exit from outside (the
// runtime's own start-up included). Medians.
//
//   node bench/run.js --only load --node 20 --node 24    the lead's rerun: medians and ratios per runtime
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('../dist/bench/harness');
const { benchAddon } = require('./addons');
const { selfArgs } = require('./runtimes');

const CHILD = path.join(__dirname, 'load-child.js');

const KINDS = {
  vdso: "require('vdso')",
  microtime: "require('microtime')",
  addon: 'vdso.node alone',
  empty: 'an empty Node-API addon',
};

// A project with the package installed as a user has it: node_modules/vdso
// holding package.json, the bundles and the prebuilds (no build/: the loader
// tells the libc and takes the prebuild), beside microtime.
function consumer() {
  const root = path.join(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-load-'));
  const pkg = path.join(dir, 'node_modules', 'vdso');
  fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  // Copies, not links: Node would follow a link to the clone, whose build/ the loader prefers.
  for (const f of ['index.js', 'extras.js', 'fallback.js']) fs.copyFileSync(path.join(root, 'dist', f), path.join(pkg, 'dist', f));
  fs.symlinkSync(path.join(root, 'prebuilds'), path.join(pkg, 'prebuilds'));
  fs.symlinkSync(path.dirname(require.resolve('microtime/package.json')), path.join(dir, 'node_modules', 'microtime'));
  fs.copyFileSync(CHILD, path.join(dir, 'load-child.js'));
  // Deno runs a .js file as CommonJS only when its package.json says so.
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "type": "commonjs" }\n');
  return dir;
}

function targets() {
  const { loaded } = require('..');
  const t = { vdso: 'vdso', microtime: 'microtime', empty: benchAddon('empty') };
  // On the JS backend there is no addon file to load.
  if (loaded.path) t.addon = loaded.path;
  return t;
}

// The backend this process loaded, which the consumer's copy must load too
// (its prebuild, where this process has a build/): else the load timed is not the addon's.
function loadOnce(dir, target, backend) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, selfArgs(path.join(dir, 'load-child.js'), [target]), { encoding: 'utf8', cwd: dir });
  const processNs = (performance.now() - t0) * 1e6;
  if (r.status !== 0) throw new Error(`loading ${target} failed (${r.status ?? r.signal}): ${r.stderr}`);
  const { ns, loaded } = JSON.parse(r.stdout);
  if (loaded && loaded.backend !== backend) {
    throw new Error(`the installed copy loaded the ${loaded.backend} backend (${loaded.reason}), this process the ${backend}`);
  }
  return { requireNs: ns, processNs };
}

function summary(values) {
  return { medianNs: median(values), minNs: Math.min(...values), maxNs: Math.max(...values) };
}

/** `runs` fresh processes of each kind. */
function measureLoad(runs) {
  const dir = consumer();
  try {
    return measureIn(dir, runs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function measureIn(dir, runs) {
  const t = targets();
  const { backend } = require('..').loaded;
  const kinds = Object.keys(KINDS).filter((k) => k in t);
  for (const k of kinds) loadOnce(dir, t[k], backend);
  const got = Object.fromEntries(kinds.map((k) => [k, { require: [], process: [] }]));
  for (let i = 0; i < runs; i++) {
    const order = [...kinds.slice(i % kinds.length), ...kinds.slice(0, i % kinds.length)];
    for (const k of order) {
      const r = loadOnce(dir, t[k], backend);
      got[k].require.push(r.requireNs);
      got[k].process.push(r.processNs);
    }
  }
  const out = { runs, kinds: {} };
  for (const k of kinds) out.kinds[k] = { label: KINDS[k], require: summary(got[k].require), process: summary(got[k].process) };
  const ratio = (a, b) => (out.kinds[a] && out.kinds[b] ? out.kinds[a].require.medianNs / out.kinds[b].require.medianNs : null);
  out.vdsoOverMicrotime = ratio('vdso', 'microtime');
  out.vdsoOverAddon = ratio('vdso', 'addon');
  out.microtimeOverAddon = ratio('microtime', 'addon');
  return out;
}

module.exports = { measureLoad, KINDS };
