#!/usr/bin/env node
'use strict';
// After tsc: the four files the package runs, each one bundle.
//  - dist/index.js: every module the package loads at require time. Node's
//    CommonJS loader costs about 0.2 ms per file here (resolve, read, wrap,
//    compile), more than the rest of the load, so the dozen small modules of
//    lib/ would cost 2 to 3 ms. What runs only when used stays out, since V8
//    compiles every byte it loads (about 40 us per KB here): the JS backend
//    (./fallback), the extras (./extras) and node-gyp-build.
//  - dist/extras.js: getrandom, the clock discipline, the pino and
//    OpenTelemetry fits, the getcpu reports: loaded at their first use, and
//    handed the core's objects (lib/extras.ts), never loading them itself.
//  - dist/fallback.js: the JS backend, required only when the addon cannot load.
//  - dist/cli.js: the `vdso` command, which loads the package through
//    ./index, so a process holds one instance of it (one backend, one data page).
// tsc's per-module .js files stay in dist/ for the tests; package.json "files"
// ships only these three and dist/*.d.ts, where only the declarations that
// dist/index.d.ts reaches are kept (scripts/pack-check/tarball.js checks both).
const { readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const esbuild = require('esbuild');

const dist = path.join(__dirname, '..', 'dist');
const index = path.join(dist, 'index.js');

// The CLI's imports of the package (../index from dist/cli/) become ./index of dist/cli.js.
const packageExternal = {
  name: 'package-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(\.\.\/)?index$/ }, (args) =>
      path.join(args.resolveDir, args.path) === index.slice(0, -3) ? { path: './index', external: true } : undefined,
    );
  },
};

// The extras take the core's objects as arguments: a bundle of them that
// pulled in a module with state of its own (the addon's loader, the clock API)
// would load a second copy of the package. Fail the build instead.
const coreNeverBundled = {
  name: 'core-never-bundled',
  setup(build) {
    build.onResolve({ filter: /^\.\/(binding|vdso-api|index|coarse-clock)$/ }, (args) => ({
      errors: [{ text: `${args.importer} imports ${args.path}: the extras get the core's objects from index.ts, never load them` }],
    }));
  },
};

const bundles = [
  ['index.js', ['./fallback', './extras', 'node-gyp-build'], []],
  ['extras.js', [], [coreNeverBundled]],
  ['fallback.js', [], []],
  ['cli.js', [], [packageExternal]],
];
// The declarations dist/index.d.ts imports, directly or not; the others (the
// CLI's, internal modules') are removed: no consumer's compiler can reach them.
function keepReachableDeclarations() {
  const reached = new Set();
  const queue = [path.join(dist, 'index.d.ts')];
  while (queue.length > 0) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport\()\s*['"](\.\.?\/[^'"]+)['"]/g)) {
      queue.push(path.join(path.dirname(file), `${m[1].replace(/\.js$/, '')}.d.ts`));
    }
  }
  for (const dir of [dist, path.join(dist, 'cli')]) {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name.endsWith('.d.ts') && !reached.has(file)) rmSync(file);
    }
  }
}

// Every module of a bundle runs when the bundle loads, but esbuild wraps each
// in a method (`__commonJS({"dist/x.js"(exports2){...}})`), which V8 compiles
// lazily: it scans the body at load and parses it again at the call, about
// 0.4 ms of a require('vdso') here. A parenthesized function expression is
// compiled at once (V8's PIFE heuristic), so each wrapper becomes one. The
// wrappers are consecutive and the bundle's own code follows the last; a
// bundle of another shape is left as it is, and one that stops compiling
// fails the build.
function compileWrappersEagerly(file) {
  const code = readFileSync(file, 'utf8');
  const starts = [...code.matchAll(/var require_\w+=__commonJS\(\{("[^"]+")\((\w+)\)\{/g)];
  const main = code.indexOf('Object.defineProperty(exports,"__esModule"', starts.at(-1)?.index ?? 0);
  if (starts.length === 0 || main < 0) {
    // esbuild's output changed shape: the load would silently pay the double parse again.
    if (code.includes('__commonJS(')) throw new Error(`${file}: esbuild's module wrappers no longer match; compileWrappersEagerly needs updating`);
    return;
  }
  let out = code.slice(0, starts[0].index);
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i];
    const end = code.lastIndexOf('}});', i + 1 < starts.length ? starts[i + 1].index : main);
    if (end < m.index) throw new Error(`${file}: no end found for the wrapper of ${m[1]}`);
    const head = m[0].replace(/\((\w+)\)\{$/, ':(function($1){');
    out += head + code.slice(m.index + m[0].length, end) + '})});' + code.slice(end + 4, i + 1 < starts.length ? starts[i + 1].index : end + 4);
  }
  out += code.slice(code.lastIndexOf('}});', main) + 4);
  new vm.Script(out, { filename: file }); // throws on a syntax error
  writeFileSync(file, out);
}

keepReachableDeclarations();
// esbuild runs plugins only in its asynchronous build.
Promise.all(bundles.map(([entry, external, plugins]) =>
  esbuild.build({
    entryPoints: [path.join(dist, entry)],
    outfile: path.join(dist, entry),
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    plugins,
    logLevel: 'warning',
    legalComments: 'none',
    // Whitespace and syntax only: V8 scans every byte at load, but stack traces keep their names.
    minifyWhitespace: true,
    minifySyntax: true,
  }),
)).then(() => {
  for (const [entry] of bundles) compileWrappersEagerly(path.join(dist, entry));
}, () => {
  process.exitCode = 1; // esbuild has printed the errors
}).catch((err) => {
  console.error(`bundle.js: ${err.message}`);
  process.exitCode = 1;
});
