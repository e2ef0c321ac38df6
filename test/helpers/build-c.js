'use strict';
// Compiles a small C program from test/helpers once per test run, into test/.tmp.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const tmp = path.join(__dirname, '..', '.tmp');

function buildC(source, extraArgs = []) {
  fs.mkdirSync(tmp, { recursive: true });
  const src = path.join(__dirname, source);
  const out = path.join(tmp, path.basename(source, '.c'));
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs) {
    execFileSync('cc', ['-O2', '-Wall', '-o', out, src, ...extraArgs], { stdio: 'inherit' });
  }
  return out;
}

module.exports = { buildC };
