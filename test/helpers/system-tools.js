'use strict';
// What a test needs beyond a fresh machine (Node, npm, g++, make, python3).
// A missing tool skips the test with the Debian package that provides it; with
// VDSO_TEST_STRICT=1 (CI sets it) a missing tool fails the test instead, so CI
// keeps every proof. Each check runs once per process.
const { spawnSync } = require('node:child_process');

const STRICT = process.env.VDSO_TEST_STRICT === '1';

function commandExists(command) {
  return spawnSync('sh', ['-c', 'command -v "$1" >/dev/null', 'sh', command]).status === 0;
}

// g++ -m32 builds and links a C++ program with ASan and UBSan (gcc-multilib's
// 32-bit libc headers, libstdc++, libasan and libubsan): what the -m32 walker builds need.
function compilesM32() {
  const source = '#include <cstdio>\n#include <string>\nint main() { std::string s("x"); std::printf("%s", s.c_str()); }\n';
  const r = spawnSync('sh', ['-c', 'c++ -m32 -fsanitize=address,undefined -x c++ -o /dev/null -'], { input: source });
  return r.status === 0;
}

/**
 * Every tool a test may need: the Debian package that provides it, what it
 * is for, and how to tell it is there. Tests name tools by key.
 */
const TOOLS = {
  cmake: { debian: 'cmake', for: 'cmake, which builds the C++ walker tests (native/CMakeLists.txt)', present: () => commandExists('cmake') },
  'gcc-multilib': { debian: 'g++-multilib', for: "g++ -m32 (32-bit libc, libstdc++ and sanitizers), for the walker tests against the i386 vDSO", present: compilesM32 },
  valgrind: { debian: 'valgrind', for: 'valgrind, a process with no vDSO', present: () => commandExists('valgrind') },
  adjtimex: { debian: 'adjtimex', for: "Debian's adjtimex, the oracle for timeStatus()", present: () => commandExists('adjtimex') },
  script: { debian: 'bsdutils', for: "script, which runs a command on a pseudo-terminal", present: () => commandExists('script') },
  readelf: { debian: 'binutils', for: 'readelf, the oracle for the ELF reader', present: () => commandExists('readelf') },
  strace: { debian: 'strace', for: 'strace, which counts system calls', present: () => commandExists('strace') },
  tmux: { debian: 'tmux', for: 'tmux, a real terminal whose screen the tests read back', present: () => commandExists('tmux') },
  setpriv: { debian: 'util-linux', for: 'setpriv, to run a test as another user', present: () => commandExists('setpriv') },
  unshare: { debian: 'util-linux', for: 'unshare, for namespaces', present: () => commandExists('unshare') },
};

const seen = new Map();
function isPresent(key) {
  const tool = TOOLS[key];
  if (!tool) throw new Error(`system-tools: unknown tool '${key}' (add it to TOOLS)`);
  if (!seen.has(key)) seen.set(key, Boolean(tool.present()));
  return seen.get(key);
}

/** Why the test cannot run here (the packages to install), or null when every tool is present. */
function missing(...keys) {
  const absent = keys.filter((k) => !isPresent(k));
  if (absent.length === 0) return null;
  const packages = [...new Set(absent.map((k) => TOOLS[k].debian))];
  return `needs ${absent.map((k) => TOOLS[k].for).join('; ')}: apt-get install ${packages.join(' ')}`;
}

/**
 * True when every tool is present. Otherwise skips `t` with the packages to
 * install and returns false (the test must then return), or, under
 * VDSO_TEST_STRICT=1, throws, failing the test.
 */
function needs(t, ...keys) {
  const why = missing(...keys);
  if (why === null) return true;
  if (STRICT) throw new Error(`VDSO_TEST_STRICT=1 and this test ${why}`);
  t.skip(why);
  return false;
}

module.exports = { needs, missing, commandExists, TOOLS, STRICT };
