'use strict';
// Builds what the environment and native tests run: small C programs with gcc
// and the C++ walker tests with CMake, under build/ (ignored by git). Loading
// this module does nothing, so the test runner may run it as a file.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const binDir = path.join(root, 'build', 'test-bin');

function toolPath(tool) {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Throws a message naming the Debian package when a tool is missing. */
function requireTool(tool, aptPackage) {
  if (!toolPath(tool)) throw new Error(`${tool} not found; install it: apt-get install ${aptPackage}`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.split('\n').slice(-60).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${tail}`);
  }
  return r.stdout;
}

/** Compiles one C file to build/test-bin/<name>, again only when the source changed. */
function buildC(source, name, flags = []) {
  requireTool('gcc', 'gcc');
  fs.mkdirSync(binDir, { recursive: true });
  const out = path.join(binDir, name);
  const fresh = fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(source).mtimeMs;
  if (!fresh) run('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', ...flags, '-o', out, source]);
  return out;
}

/** Configures and builds native/CMakeLists.txt in build/cmake/<variant>; returns the build directory. */
function buildCmake(variant, cmakeOptions) {
  requireTool('cmake', 'cmake');
  const dir = path.join(root, 'build', 'cmake', variant);
  run('cmake', ['-S', path.join(root, 'native'), '-B', dir, ...cmakeOptions]);
  run('cmake', ['--build', dir, '-j', '2']);
  return dir;
}

module.exports = { root, binDir, toolPath, requireTool, run, buildC, buildCmake };
