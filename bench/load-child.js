'use strict';
// One fresh-process load, started as a script file like any application's
// entry point: times require(argv[2]) alone, by name as a program requires a
// package (from the node_modules beside it: bench/load.js makes the project),
// or by path for a bare .node file. For the package it also says which
// backend loaded, after the timing: a load that fell back to JS is no
// measure of the addon's.
const target = process.argv[2];
const t0 = process.hrtime.bigint();
const m = require(target);
const t1 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ ns: Number(t1 - t0), loaded: target === 'vdso' ? m.loaded : undefined }));
