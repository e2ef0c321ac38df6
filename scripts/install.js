#!/usr/bin/env node
'use strict';
// npm's install step.
//  - In a git checkout (lib/*.ts present): always build the addon from source,
//    and fail loudly if that fails: the committed prebuild must not hide a
//    broken build from the people changing the C++.
//  - In an installed package: node-gyp-build keeps a prebuild that loads in
//    this Node and builds from source only when none does. If that build fails
//    too (no compiler, unsupported libc), the install still succeeds and the
//    package runs on its pure-JS backend; VDSO_BACKEND=native makes it fail.
//  - Not Linux: nothing to build, the vDSO is a Linux feature.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const checkout = existsSync(join(root, 'lib', 'index.ts'));
const backend = process.env.VDSO_BACKEND;

function note(message) {
  process.stderr.write(`vdso: ${message}\n`);
}

function main() {
  if (process.platform !== 'linux' && !checkout) {
    note(`no native addon on ${process.platform} (the vDSO is Linux-only); the pure-JS backend will serve the clocks`);
    return 0;
  }
  if (backend === 'js' && !checkout) {
    note('VDSO_BACKEND=js: not building the native addon');
    return 0;
  }
  const env = { ...process.env };
  if (checkout) env.npm_config_build_from_source = 'true';
  const run = spawnSync(process.execPath, [require.resolve('node-gyp-build/bin.js')], { cwd: root, env, stdio: 'inherit' });
  const status = run.status ?? 1;
  if (status === 0) return 0;
  if (checkout || backend === 'native') {
    note(`building the native addon failed (exit ${status})`);
    return status;
  }
  note(
    'no prebuilt addon fits this machine and building one failed (see above). ' +
      'The package will use its pure-JS backend: slower, and without getcpu or some clock ids. ' +
      'Install a C++ toolchain (g++, make, python3) and run `npm rebuild vdso` for the native addon.',
  );
  return 0;
}

process.exitCode = main();
