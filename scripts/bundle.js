#!/usr/bin/env node
'use strict';
// After tsc: dist/index.js becomes one file holding every module the package
// loads at require time. Node's CommonJS loader costs about 0.2 ms per file
// here (resolve, read, wrap, compile), more than the rest of the load, so the
// dozen small modules of lib/ would cost 2 to 3 ms. What runs only when used
// stays out: the JS backend (./fallback) and node-gyp-build, and the CLI,
// whose own entry (dist/cli.js) imports the package through ./index.
// tsc's per-module files stay beside it for the declarations, the CLI and tests.
const path = require('node:path');
const esbuild = require('esbuild');

const dist = path.join(__dirname, '..', 'dist');
esbuild.buildSync({
  entryPoints: [path.join(dist, 'index.js')],
  outfile: path.join(dist, 'index.js'),
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['./fallback', 'node-gyp-build'],
  logLevel: 'warning',
  legalComments: 'none',
  // Whitespace and syntax only: V8 scans every byte at load, but stack traces keep their names.
  minifyWhitespace: true,
  minifySyntax: true,
});
