#!/usr/bin/env node
'use strict';
// The package's binding.gyp, for a build from source in an installed copy:
// dist/binding.gyp, made from the root binding.gyp (same target, same flags)
// at every build. The tarball has no binding.gyp at its root: there npm runs
// `node-gyp rebuild` at install whatever "gypfile" says when it installs from
// a lockfile (npm 11: the lockfile does not record gypfile), and the package
// must run no install script. This one is built by the command `vdso info`
// gives, `npx --yes node-gyp rebuild -C <package>/dist`; its product goes to
// <package>/build/Release/vdso.node, where the loader looks first.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// binding.gyp is JSON with whole-line # comments.
const gyp = JSON.parse(readFileSync(path.join(root, 'binding.gyp'), 'utf8').replace(/^\s*#.*$/gm, ''));
const packaged = {
  variables: { vdso_root: '..' },
  includes: gyp.includes.map((p) => `../${p}`),
  targets: gyp.targets.map((t) => ({ ...t, product_dir: '<(module_root_dir)/../build/Release' })),
};
writeFileSync(path.join(root, 'dist', 'binding.gyp'), `${JSON.stringify(packaged, null, 2)}\n`);
