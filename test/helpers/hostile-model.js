'use strict';
// A process that runs the property (fast-check) against the package: any
// interleaving of reaching into the package's files, detaching, transferring
// and writing what it reached, garbage collection, workers coming and going,
// and clock calls. Every clock reading must lie between two readings of the
// same clock through the system call (from a fresh addon instance no action
// touches), and the process must live. Exit 0 when the property held; the
// counterexample on stderr otherwise.
//   node --expose-gc hostile-model.js RUNS SEED
// Loading this module without running it does nothing.
const fc = require('fast-check');
const { Worker } = require('node:worker_threads');
const hostile = require('./hostile');
const { addonPath } = require('./addon-path');

const CLOCK_IDS = [0, 1, 2, 3, 4, 5, 6, 7, 11];

// A worker that loads the package, calls its clocks (judged by its own
// oracle), reaches and detaches what it can, and exits.
const WORKER_SOURCE = `
  const { parentPort, workerData } = require('node:worker_threads');
  const hostile = require(workerData.hostile);
  const kernelNs = hostile.kernelOracle(workerData.addon);
  const vdso = require(workerData.root);
  const problems = hostile.judgeClocks(vdso, kernelNs);
  if (workerData.attack) {
    const { views, buffers } = hostile.reach(hostile.reachableModules());
    for (const b of buffers) hostile.detachBuffer(b);
    hostile.writeEvery(views);
    problems.push(...hostile.judgeClocks(vdso, kernelNs));
  }
  parentPort.postMessage(problems);
`;

function main(runs, seed) {
  const root = require('node:path').join(__dirname, '..', '..');
  const kernelNs = hostile.kernelOracle(addonPath());
  const vdso = require(root);
  const buffers = [];
  const views = [];
  const remember = () => {
    const r = hostile.reach(hostile.reachableModules());
    for (const b of r.buffers) if (!buffers.includes(b)) buffers.push(b);
    for (const v of r.views) if (!views.includes(v)) views.push(v);
  };
  const pick = (list, k) => (list.length ? list[k % list.length] : undefined);

  const action = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'reach' }) },
    { weight: 3, arbitrary: fc.nat().map((k) => ({ kind: 'detach', k })) },
    { weight: 2, arbitrary: fc.nat().map((k) => ({ kind: 'transfer', k })) },
    { weight: 2, arbitrary: fc.nat().map((k) => ({ kind: 'write', k })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'gc' }) },
    { weight: 1, arbitrary: fc.boolean().map((attack) => ({ kind: 'worker', attack })) },
    // Every form of one clock, each between two system-call readings of it.
    { weight: 6, arbitrary: fc.constantFrom(...CLOCK_IDS).map((id) => ({ kind: 'clock', id })) },
  );

  const run = async (actions) => {
    for (const a of actions) {
      switch (a.kind) {
        case 'reach': remember(); break;
        case 'detach': { const b = pick(buffers, a.k); if (b) hostile.detachBuffer(b); break; }
        case 'transfer': {
          const b = pick(buffers, a.k);
          if (b) {
            // Into a worker that exits at once: the buffer goes with it, if it may go at all.
            const w = new Worker('', { eval: true });
            try {
              w.postMessage(b, [b]);
            } catch {
              // refused: not transferable
            }
            await w.terminate();
          }
          break;
        }
        case 'write': { const v = pick(views, a.k); if (v) hostile.writeEvery([v]); break; }
        case 'gc': hostile.collect(1); break;
        case 'worker': {
          const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { hostile: require.resolve('./hostile'), addon: addonPath(), root, attack: a.attack } });
          let problems = null;
          w.once('message', (m) => (problems = m));
          const code = await new Promise((resolve, reject) => {
            w.once('error', reject);
            w.once('exit', resolve);
          });
          if (problems === null) throw new Error(`a worker exited with code ${code} before its report`);
          if (problems.length) throw new Error(`in a worker: ${problems.join('; ')}`);
          break;
        }
        case 'clock': {
          const problems = hostile.judgeClocks(vdso, kernelNs, [a.id]);
          if (problems.length) throw new Error(problems.join('; '));
          break;
        }
      }
    }
    // And every form of every clock at the end.
    const problems = hostile.judgeClocks(vdso, kernelNs);
    if (problems.length) throw new Error(`at the end: ${problems.join('; ')}`);
  };

  return fc.assert(fc.asyncProperty(fc.array(action, { maxLength: 40 }), run), { numRuns: runs, seed });
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 50);
  const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
  main(runs, seed).then(
    () => {
      process.stdout.write(JSON.stringify({ runs, seed, held: true }) + '\n');
    },
    (e) => {
      process.stderr.write(`${e.message}\n${e.cause ? `cause: ${e.cause.stack ?? e.cause}` : ""}\n`);
      process.exitCode = 1;
    },
  );
}
