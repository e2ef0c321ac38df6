'use strict';
// A process that attacks the package the way hostile code in the same
// process could, then judges every clock form against an untouched oracle.
// Prints one JSON line { problems, ... } and exits 0 when every reading was
// the clock's; a crash shows as a signal or an abort to the parent.
//   node --expose-gc hostile-child.js SCENARIO
// Loading this module without running it does nothing.
const hostile = require('./hostile');
const { addonPath } = require('./addon-path');

// Buffers handed to a typed-array or DataView constructor, or assigned to any
// property of any plain object, are captured: code that wraps the globals
// before the package loads sees whatever the package builds with them.
function captureGlobals(captured) {
  const names = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
    'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView', 'ArrayBuffer'];
  const keep = (v) => {
    if (v instanceof ArrayBuffer) captured.add(v);
    else if (ArrayBuffer.isView(v)) captured.add(v.buffer);
  };
  for (const name of names) {
    const Original = globalThis[name];
    if (typeof Original !== 'function') continue;
    const Patched = new Proxy(Original, {
      construct(target, args, newTarget) {
        args.forEach(keep);
        const made = Reflect.construct(target, args, newTarget === Patched ? target : newTarget);
        keep(made);
        return made;
      },
    });
    globalThis[name] = Patched;
  }
  for (const key of ['buffer', 'slots', 'nanosecondsSlot', 'clockIdSlot', 'words', 'page', 'view']) {
    Object.defineProperty(Object.prototype, key, {
      configurable: true,
      set(v) {
        keep(v);
        Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
    });
  }
}

// Globals that compute: replaced with ones that answer wrong, before the
// package loads. The package's readings must not depend on them.
function corruptGlobals() {
  for (const k of Object.getOwnPropertyNames(Math)) {
    if (typeof Math[k] === 'function') {
      const f = Math[k];
      Math[k] = (...a) => f(...a) + 1;
    }
  }
  globalThis.Number = new Proxy(Number, { apply: (f, self, args) => Reflect.apply(f, self, args) + 1 });
  globalThis.BigInt = new Proxy(BigInt, { apply: (f, self, args) => Reflect.apply(f, self, args) + 1n });
  Date.now = () => 0;
}

function run(scenario) {
  // The oracle first, before anything is patched or reached.
  const kernelNs = hostile.kernelOracle(addonPath());
  const captured = new Set();
  let hookCaptures;
  if (scenario === 'patched-constructors') {
    captureGlobals(captured);
    // The hook itself must work, or capturing nothing from the package proves nothing.
    new Float64Array(1);
    hookCaptures = captured.size > 0;
    captured.clear();
  }
  if (scenario === 'corrupt-globals') corruptGlobals();
  const vdso = require('../..');
  const report = { scenario, backend: vdso.loaded.backend, hookCaptures, problems: [] };
  const judge = (when, rounds = 1) => {
    for (let i = 0; i < rounds; i++) for (const p of hostile.judgeClocks(vdso, kernelNs)) report.problems.push(`${when}: ${p}`);
  };

  switch (scenario) {
    case 'reach-detach': {
      // Everything reachable from every file the package ships, taken before
      // the package's first coarse call, then detached, then written.
      const { views, buffers } = hostile.reach(hostile.reachableModules());
      report.reached = { views: views.size, buffers: buffers.size };
      report.detached = [...buffers].filter(hostile.detachBuffer).length;
      hostile.collect();
      judge('after detaching', 20);
      report.written = hostile.writeEvery(views);
      hostile.collect();
      judge('after writing', 20);
      // Again, now that the package has served every form once.
      const again = hostile.reach(hostile.reachableModules());
      report.detachedLater = [...again.buffers].filter(hostile.detachBuffer).length;
      report.writtenLater = hostile.writeEvery(again.views);
      hostile.collect();
      judge('after the second round', 20);
      break;
    }
    case 'patched-constructors': {
      judge('before', 1);
      void vdso.backend.clock_gettime_coarse;  // finishes the data page's proof
      report.coarse = vdso.backend.clock_gettime_coarse.path;
      report.captured = captured.size;
      report.detached = [...captured].filter(hostile.detachBuffer).length;
      hostile.collect();
      judge('after detaching every captured buffer', 20);
      break;
    }
    case 'corrupt-globals': {
      void vdso.backend.clock_gettime_coarse;
      report.coarse = vdso.backend.clock_gettime_coarse.path;
      judge('with Math, Number, BigInt and Date.now answering wrong', 20);
      break;
    }
    case 'reentrant-out': {
      // An `out` that passes as a Float64Array but whose element 0 is a
      // setter: it waits for the next second and reads the clock again
      // before element 1 is written. A reading must not be half of each.
      void vdso.backend.clock_gettime_coarse;
      report.coarse = vdso.backend.clock_gettime_coarse.path;
      for (const id of [5, 6, 0, 1]) {
        const out = Object.create(Float64Array.prototype, { length: { value: 2 } });
        let store0;
        let setterRan = 0;
        Object.defineProperty(out, 0, {
          set(v) {
            setterRan++;
            store0 = v;
            const sec = vdso.clockGettime(id)[0];
            while (vdso.clockGettime(id)[0] === sec);
          },
          get: () => store0,
        });
        out[1] = 0;
        const before = kernelNs(id);
        vdso.clockGettimeInto(id, out);
        const after = kernelNs(id);
        const ns = BigInt(out[0]) * 1_000_000_000n + BigInt(out[1]);
        if (setterRan === 0) report.problems.push(`clockGettimeInto(${id}) never wrote element 0 through the setter: the attack did not run`);
        if (!(ns >= before && ns <= after)) report.problems.push(`clockGettimeInto(${id}) into a re-entrant out: ${out[0]}.${out[1]} is not within [${before}, ${after}]`);
      }
      break;
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exitCode = report.problems.length === 0 ? 0 : 1;
}

if (require.main === module) run(process.argv[2]);
