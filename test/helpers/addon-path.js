'use strict';
// The addon file this process would load, found without loading it: the
// local build, else the prebuild for this platform and libc (node-gyp-build
// tells musl only on Alpine; a musl process elsewhere takes the musl
// prebuild, as the package's loader does).
const path = require('node:path');
const { existsSync } = require('node:fs');
const runtime = require('./runtime');

const root = path.join(__dirname, '..', '..');
const muslPrebuild = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'vdso.musl.node');

function addonPath() {
  return runtime.musl && existsSync(muslPrebuild) && !existsSync(path.join(root, 'build', 'Release', 'vdso.node'))
    ? muslPrebuild
    : require('node-gyp-build').path(root);
}

module.exports = { addonPath };
