'use strict';
// Turns the raw figures into ratios (all from the same run) and checks them
// against the targets of the speed issue.

const FLOOR_FORMS = new Set(['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto', 'hrtime', 'hrtime.bigint', 'now']);

/**
 * The floor of a package task: an empty Node-API call plus the C cost of the
 * same clock_gettime. None for a zero-call read (the coarse clocks from the
 * vDSO data page), which makes no Node-API call at all.
 */
function floorOf(task, ns) {
  if (!FLOOR_FORMS.has(task.form) || !task.clock || task.zeroCall) return null;
  const c = task.path === 'vdso' ? ns(`floor-vdso:clock_gettime:${task.clock}`) : task.path === 'syscall' ? ns(`floor-syscall:clock_gettime:${task.clock}`) : null;
  return c === null ? null : ns('floor:empty') + c;
}

/** One row per task: ns per call, ratio to process.hrtime.bigint(), ratio to its floor. */
function rows(tasks, times) {
  const ns = (key) => {
    const t = times.get(key);
    if (!t) throw new Error(`no timing for ${key}`);
    return t.ns;
  };
  const bigint = ns('node:process.hrtime.bigint:MONOTONIC');
  return tasks.map((t) => {
    const floor = floorOf(t, ns);
    const v = ns(t.key);
    return {
      key: t.key,
      name: t.name,
      path: t.path,
      form: t.form,
      clock: t.clock,
      ns: v,
      rounds: times.get(t.key).rounds,
      samples: times.get(t.key).samples,
      vsHrtimeBigint: v / bigint,
      floorNs: floor,
      vsFloor: floor === null ? null : v / floor,
      zeroCall: Boolean(t.zeroCall),
    };
  });
}

// A cost ratio (lower is better). `floor` is the same ratio for the task's
// floor: when it is above the limit, no Node-API call can meet the target.
function ratioTarget(id, text, value, limit, floor) {
  const t = { id, text, value, limit, unit: 'x', met: value <= limit };
  if (floor !== undefined && floor !== null) {
    t.floor = floor;
    t.reachable = floor <= limit;
  }
  return t;
}

/** The targets, evaluated on this run. */
function evaluateTargets(rowList, memory, load) {
  const by = new Map(rowList.map((r) => [r.key, r]));
  const ns = (key) => by.get(key).ns;
  const bigint = ns('node:process.hrtime.bigint:MONOTONIC');
  const hrtime = ns('node:process.hrtime:MONOTONIC');
  const perfNow = ns('node:performance.now:MONOTONIC');
  const floorOver = (key, builtin) => (by.get(key).floorNs === null ? null : by.get(key).floorNs / builtin);
  const target = (id, text, key, builtin, limit) => ratioTarget(id, text, ns(key) / builtin, limit, floorOver(key, builtin));
  const targets = [
    target('into-vs-hrtime-bigint', 'clockGettimeInto(MONOTONIC, out) / process.hrtime.bigint()', 'vdso:clockGettimeInto:MONOTONIC', bigint, 0.8),
    target('ns-vs-hrtime-bigint', 'clockGettimeNs(MONOTONIC) / process.hrtime.bigint()', 'vdso:clockGettimeNs:MONOTONIC', bigint, 1.0),
    target('bigint-vs-hrtime-bigint', 'hrtime.bigint() / process.hrtime.bigint()', 'vdso:hrtime.bigint:MONOTONIC', bigint, 1.0),
    target('timespec-vs-hrtime', 'clockGettime(MONOTONIC) / process.hrtime()', 'vdso:clockGettime:MONOTONIC', hrtime, 1.0),
    target('hrtime-vs-hrtime', 'hrtime() / process.hrtime()', 'vdso:hrtime:MONOTONIC', hrtime, 1.0),
    target('now-vs-performance-now', 'now() / performance.now()', 'vdso:now:MONOTONIC', perfNow, 1.0),
    ratioTarget('coarse-ms-vs-date-now', 'clockGettimeMs(REALTIME_COARSE) / Date.now(), zero-call', ns('vdso:clockGettimeMs:REALTIME_COARSE') / ns('node:Date.now:REALTIME'), 0.1),
  ];
  const mem = memory.forms.find((f) => f.key === 'vdso:clockGettimeInto:MONOTONIC');
  targets.push({ id: 'into-heap-bytes', text: `heap bytes allocated by clockGettimeInto over ${memory.calls} calls`, value: mem.heapBytes, limit: 0, unit: 'B', met: mem.heapBytes === 0 });
  targets.push({ id: 'into-gc-runs', text: `GC runs during clockGettimeInto over ${memory.calls} calls`, value: mem.gcCount, limit: 0, unit: '', met: mem.gcCount === 0 });
  // Floor: a package whose one JS file requires the same addon.
  targets.push(ratioTarget('require-vs-empty-addon', "require('vdso') / require(empty addon), require() timed inside a fresh process", load.ratio, 3, load.oneFileRatio));
  // The walk alone: the load-time validation and versioned lookups repeated
  // in the same process. The first, cold run also pays first-touch page faults
  // on the addon's code and lazy symbol binding; it is reported beside it.
  const walkUs = load.elfWalkRepeat.medianNs / 1e3;
  targets.push({ id: 'elf-walk', text: 'ELF walk alone (validation + 6 versioned lookups, repeated in-process)', value: walkUs, limit: 10, unit: 'us', met: walkUs <= 10 });
  return targets;
}

module.exports = { rows, evaluateTargets };
