'use strict';
// One fresh-process load, started as a script file like any application's
// entry point (so the module loader is already warm, as it is in a real
// program when it requires a package): times require(argv[2]) alone. For the
// package, the floor addon (argv[4]) is loaded afterwards for a cold ELF walk.
const target = process.argv[2];
const t0 = process.hrtime.bigint();
require(target);
const t1 = process.hrtime.bigint();
const floor = process.argv[3] === 'vdso' ? require(process.argv[4]) : null;
process.stdout.write(JSON.stringify({ ns: Number(t1 - t0), walkNs: floor && floor.elfWalkNs, walkRepeatNs: floor && floor.elfWalkRepeatNs() }));
