'use strict';
// Builds the C++ walker tests with CMake, under build/cmake (ignored by git),
// and names the Debian package of any missing tool. Loading this module does
// nothing, so the test runner may run it as a file.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

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

/** Configures and builds native/CMakeLists.txt in build/cmake/<variant>; returns the build directory. */
function buildCmake(variant, cmakeOptions) {
  requireTool('cmake', 'cmake');
  const dir = path.join(root, 'build', 'cmake', variant);
  run('cmake', ['-S', path.join(root, 'native'), '-B', dir, ...cmakeOptions]);
  run('cmake', ['--build', dir, '-j', '2']);
  return dir;
}

module.exports = { root, toolPath, requireTool, run, buildCmake };
