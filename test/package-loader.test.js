'use strict';
// The loader in lib/binding.ts, run in child processes against copies of the
// package with a given build/ and prebuilds/: which file loads, when the JS
// backend takes over, and that nothing crashes at import.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { pathToFileURL } = require('node:url');
const { join } = require('node:path');
const runtime = require('./helpers/runtime');

const root = join(__dirname, '..');
const muslProcess = runtime.musl;
const processLibc = runtime.libc;
const tuple = `${process.platform}-${process.arch}`;
const hostPrebuilds = join(root, 'prebuilds', tuple);

// A package directory holding the compiled JS and whatever build/prebuilds the case needs.
function packageCopy(t, { build, prebuilds }) {
  const dir = mkdtempSync(join(tmpdir(), 'vdso-loader-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  if (prebuilds) cpSync(join(root, 'prebuilds'), join(dir, 'prebuilds'), { recursive: true });
  if (build !== undefined) {
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    const target = join(dir, 'build', 'Release', 'vdso.node');
    if (Buffer.isBuffer(build)) writeFileSync(target, build);
    else cpSync(build, target);
  }
  return dir;
}

// Loads the package in a fresh process; prints what it chose and one clock reading.
function load(dir, env = {}) {
  const script = `
    const v = require(${JSON.stringify(dir)});
    const t = v.clockGettime(v.CLOCK_REALTIME);  // served by every backend on every runtime
    console.log(JSON.stringify({ loaded: v.loaded, path: v.backend.clock_gettime.path, t }));`;
  const { VDSO_BACKEND, ...rest } = process.env;
  const run = spawnSync(process.execPath, ['-e', script], { env: { ...rest, ...env }, encoding: 'utf8' });
  const result = run.status === 0 ? JSON.parse(run.stdout) : null;
  return { status: run.status, signal: run.signal, stderr: run.stderr, result };
}

test('an addon in build/Release is loaded ahead of the prebuild', (t) => {
  // The prebuild of this process's libc (linux-x64 holds a glibc and a musl one).
  const prebuilt = join(hostPrebuilds, readdirSync(hostPrebuilds).find((f) => f === `vdso.${processLibc}.node`));
  const dir = packageCopy(t, { build: prebuilt, prebuilds: true });
  const r = load(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.result.loaded.backend, 'native', r.result.loaded.reason);
  assert.equal(r.result.loaded.path, join(dir, 'build', 'Release', 'vdso.node'));
  assert.match(r.result.loaded.reason, /^built from source/);
  assert.notEqual(r.result.path, 'js');
});

test('this checkout loads its own build, or the committed prebuild when it has none', () => {
  const r = load(root);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.result.loaded.backend, 'native');
  const local = join(root, 'build', 'Release', 'vdso.node');
  if (existsSync(local)) assert.equal(r.result.loaded.path, local);
  else assert.ok(r.result.loaded.path.startsWith(join(hostPrebuilds, '')), r.result.loaded.path);
});

test('loading prints nothing: no deprecation or experimental warning from require, import or the CLI', () => {
  const { VDSO_BACKEND, NODE_OPTIONS, ...env } = process.env;
  const esm = `import v, { clockGettime } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'index.js')).href)}; v.clockGettime(1); clockGettime(1);`;
  const runs = [
    ...(runtime.deno ? [] : [['-e', `require(${JSON.stringify(root)}).clockGettime(1)`]]),  // deno eval takes modules only
    runtime.node ? ['--input-type=module', '-e', esm] : runtime.evalArgs(esm),
    runtime.scriptArgs(join(root, 'dist', 'cli.js'), '--json'),
  ];
  for (const args of runs) {
    const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, '', `${args.join(' ')} printed on stderr`);
  }
});

test('with only prebuilds/, the one for this platform loads (or the JS backend if none fits)', (t) => {
  const dir = packageCopy(t, { prebuilds: true });
  const r = load(dir);
  assert.equal(r.status, 0, r.stderr);
  if (existsSync(hostPrebuilds) && process.platform === 'linux') {
    assert.equal(r.result.loaded.backend, 'native', r.result.loaded.reason);
    assert.ok(r.result.loaded.path.startsWith(join(dir, 'prebuilds', tuple, '')), r.result.loaded.path);
    // The build for this process's C library, never the other one.
    assert.ok(r.result.loaded.path.endsWith(`.${processLibc}.node`), `${processLibc} process: ${r.result.loaded.path}`);
    assert.match(r.result.loaded.reason, /^prebuilt binary/);
    assert.notEqual(r.result.path, 'js');
  } else {
    assert.equal(r.result.loaded.backend, 'js');
    assert.match(r.result.loaded.reason, /no native addon fits|Linux-only/);
  }
  assert.equal(r.result.t.length, 2);
});

test('with no addon at all, the JS backend serves and says why', (t) => {
  const r = load(packageCopy(t, {}));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual({ backend: r.result.loaded.backend, path: r.result.loaded.path }, { backend: 'js', path: null });
  assert.match(r.result.loaded.reason, muslProcess ? /no native addon fits this process \(no musl build for/ : /no native addon fits this process \(No native build was found/);
  assert.equal(r.result.path, 'js');
});

test('a corrupt addon file falls back to JS instead of crashing', (t) => {
  const dir = packageCopy(t, { build: Buffer.from('\x7fELF this is not a shared object') });
  const r = load(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.signal, null);
  assert.equal(r.result.loaded.backend, 'js');
  assert.ok(r.result.loaded.reason.startsWith(`the native addon ${join(dir, 'build', 'Release', 'vdso.node')} did not load (`), r.result.loaded.reason);
});

test('an addon for another architecture falls back to JS', (t) => {
  const other = readdirSync(join(root, 'prebuilds')).find((d) => d !== tuple);
  assert.ok(other, 'a prebuild for another architecture is committed');
  const file = readdirSync(join(root, 'prebuilds', other)).find((f) => f.endsWith('.node'));
  const r = load(packageCopy(t, { build: join(root, 'prebuilds', other, file) }));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.result.loaded.backend, 'js');
  assert.match(r.result.loaded.reason, /did not load \(.*(wrong ELF class|ELF file|cannot open shared object|Exec format error)/);
});

test('VDSO_BACKEND=native turns a missing addon into an import error with a code', (t) => {
  const dir = packageCopy(t, {});
  const script = `try { require(${JSON.stringify(dir)}); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); process.exit(3); }`;
  const { VDSO_BACKEND, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...rest, VDSO_BACKEND: 'native' }, encoding: 'utf8' });
  assert.equal(r.status, 3, r.stderr);
  const err = JSON.parse(r.stdout);
  assert.equal(err.code, 'ERR_VDSO_UNAVAILABLE');
  assert.match(err.message, /^VDSO_BACKEND=native, but no native addon fits this process/);
});

test('VDSO_BACKEND=js skips the addon even when one is there', () => {
  const r = load(root, { VDSO_BACKEND: 'js' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.result.loaded, { backend: 'js', path: null, reason: 'VDSO_BACKEND=js' });
  assert.equal(r.result.path, 'js');
});

test('an unknown VDSO_BACKEND warns and loads as auto', () => {
  const r = load(root, { VDSO_BACKEND: 'fast' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /VDSO_BACKEND=fast is not one of auto, native, js; using auto/);
  assert.equal(r.result.loaded.backend, 'native');
});

test('loading does only what production needs: no backend report at load, no benchmark instrumentation in the addon', () => {
  // The binding module is loaded first and its report function counted, then the package.
  const script = `
    const { binding } = require(${JSON.stringify(join(root, 'dist', 'binding.js'))});
    let reports = 0;
    const report = binding.backend;
    binding.backend = () => (reports++, report());
    const v = require(${JSON.stringify(root)});
    const atLoad = reports;
    const path = v.backend.clock_gettime.path;
    Object.keys(v.backend).forEach((k) => v.backend[k]);
    const benchOnly = ['elfWalkNs', 'elfWalkRepeatNs', 'cLoopClockGettime', 'cLoopSysClockGettime'].filter((k) => k in binding);
    console.log(JSON.stringify({ atLoad, afterReads: reports, path, benchOnly }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const r = JSON.parse(run.stdout);
  assert.equal(r.atLoad, 0, 'the backend report was built at load');
  assert.equal(r.afterReads, 1, 'the backend report is built once, on the first read');
  assert.ok(['vdso', 'syscall', 'js'].includes(r.path));
  assert.deepEqual(r.benchOnly, [], 'the benchmark\'s instrumentation is in the package\'s addon');
});

// A copy whose prebuild for `libc` is not an ELF file: loading it shows which
// file the loader chose without loading a musl binary into a glibc process.
function markedCopy(t, libc) {
  const dir = packageCopy(t, { prebuilds: true });
  const marked = readdirSync(join(dir, 'prebuilds', tuple)).find((f) => f.endsWith(`.${libc}.node`));
  writeFileSync(join(dir, 'prebuilds', tuple, marked), `the ${libc} build`);
  return { dir, marked: join(dir, 'prebuilds', tuple, marked) };
}

function hasBothLibcs() {
  return existsSync(hostPrebuilds) && ['glibc', 'musl'].every((l) => readdirSync(hostPrebuilds).some((f) => f.endsWith(`.${l}.node`)));
}

test('LIBC=musl (node-gyp-build\'s override) takes the musl prebuild, for node-gyp-build and for the loader alike', (t) => {
  if (!hasBothLibcs()) {
    t.skip(`${tuple} has no glibc and musl prebuild pair`);
    return;
  }
  const { dir, marked } = markedCopy(t, 'musl');
  const ngb = (env) => spawnSync(process.execPath, ['-e', `console.log(require('node-gyp-build').path(${JSON.stringify(dir)}))`], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(ngb({ LIBC: 'musl' }).stdout.trim(), marked);
  assert.equal(ngb({ LIBC: 'glibc' }).stdout.trim(), marked.replace(/\.musl\.node$/, '.glibc.node'));
  const r = load(dir, { LIBC: 'musl' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.result.loaded.backend, 'js');
  assert.ok(r.result.loaded.reason.startsWith(`the native addon ${marked} did not load`), r.result.loaded.reason);
});

test('on Alpine (/etc/alpine-release, in a mount namespace) node-gyp-build and the loader both take the musl prebuild', (t) => {
  if (!hasBothLibcs() || muslProcess || !runtime.node) {
    t.skip(!hasBothLibcs() ? `${tuple} has no glibc and musl prebuild pair` : 'run by Node on glibc');
    return;
  }
  if (process.getuid() !== 0 || spawnSync('unshare', ['--mount', 'true']).status !== 0) {
    t.skip('needs root and unshare --mount');
    return;
  }
  const { dir, marked } = markedCopy(t, 'musl');
  const etc = mkdtempSync(join(tmpdir(), 'vdso-alpine-etc-'));
  t.after(() => rmSync(etc, { recursive: true, force: true }));
  // A copy of /etc with alpine-release added, bound over /etc for this child only.
  const script = `
    const v = require(${JSON.stringify(dir)});
    console.log(JSON.stringify({ ngb: require('node-gyp-build').path(${JSON.stringify(dir)}), loaded: v.loaded }));`;
  const shell = `cp -a /etc/. "$1" && echo 3.21.0 > "$1/alpine-release" && mount --bind "$1" /etc && exec "$2" -e "$3"`;
  const { VDSO_BACKEND, LIBC, ...env } = process.env;
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', shell, 'sh', etc, process.execPath, script], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ngb, marked);
  assert.equal(out.loaded.backend, 'js');
  assert.ok(out.loaded.reason.startsWith(`the native addon ${marked} did not load`), out.loaded.reason);
  assert.ok(!existsSync('/etc/alpine-release'), 'the namespace leaked');
});
