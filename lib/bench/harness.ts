/**
 * The benchmark's measuring code: one harness for `vdso bench` (a short run)
 * and `npm run bench` (bench/run.js, every task, from dist/bench/).
 *
 * It measures what a program pays per call once its code is hot:
 * - Each task is compiled into a loop of its own source text, so its call
 *   site sees one callee, as a program's does, and the JIT inlines it. V8
 *   caches `new Function` by source text: loops compiled from one text share
 *   one feedback vector, their call site turns megamorphic, and a JS call that
 *   no program pays (10 to 20 ns here) lands on every task, pulling every
 *   ratio towards 1. The serial number in each source keeps them apart.
 * - Every result is live: the loop keeps the last one and the harness stores
 *   it, so no call, and no allocation of its result, is dead code.
 * - Calls are timed in batches sized to about `batchNs`, so the two timer
 *   reads around a batch cost under 0.1 % of it.
 * - Warm-up rounds first (the JIT's tiers), then interleaved rounds: each
 *   round runs one batch of every task, in alternating order, so drift and
 *   noise on a shared machine hit all tasks alike.
 * - Per task the median ns per call over the rounds; a ratio is the median of
 *   the per-round ratios, task and reference taken in the same round.
 */

/** Something the harness times. */
export interface Timed {
  readonly name: string;
  /** Makes `calls` calls and returns how long they took, in ns. */
  batch(calls: number): number;
}

/** What a task returns: a number stays unboxed in the loop; anything else is a value. */
export type ResultKind = 'number' | 'value';

export interface Plan {
  /** Timed rounds: one batch of every task each. */
  rounds: number;
  /** Untimed rounds before them, every task, for the JIT to reach its top tier. */
  warmupRounds: number;
  /** The length a batch is sized to, in ns. */
  batchNs: number;
}

export interface Timing {
  /** ns per call in each timed round, in round order. */
  perRound: number[];
  /** The median of perRound. */
  nsPerCall: number;
  /** Calls per batch. */
  calls: number;
}

export interface Measured {
  timings: Map<string, Timing>;
  /** The tasks that threw on their first call (not in this runtime...), with the error's message. */
  unavailable: Map<string, string>;
}

/** The batch length of both runs: they differ only in how many rounds they time. */
export const BATCH_NS = 200_000;
/** Warm-up rounds of both runs (concurrent compilation on a busy machine takes a few dozen). */
export const WARMUP_ROUNDS = 50;
/** Timed rounds of the full run (npm run bench); `vdso bench` times 300 (60 ms per task). */
export const FULL_ROUNDS = 1000;
/**
 * Both runs split their rounds over this many fresh processes and report per
 * task the median of theirs: how well the JIT inlines a call differs from one
 * process to the next (the package's coarse reads: 15 or 23 ns here).
 */
export const PROCESSES = 3;

/** The short run's plan (`vdso bench`) in one process: `ms` of timed batches per task. */
export function shortPlan(ms: number): Plan {
  return { rounds: Math.max(3, Math.round((ms * 1e6) / BATCH_NS)), warmupRounds: WARMUP_ROUNDS, batchNs: BATCH_NS };
}

/** A batch is at most this many calls, however cheap the call. */
const MAX_CALLS = 1 << 24;

let serial = 0;
// The last result of every batch lands here, so no loop is dead code.
let sink: unknown;

/** The last result a batch returned (only so the store above is observable). */
export function lastResult(): unknown {
  return sink;
}

function now(): bigint {
  return process.hrtime.bigint();
}

// A fresh source text for every loop compiled, so no two share feedback.
function compile(head: string, params: string, body: string): Function {
  // eslint-disable-next-line no-new-func
  return new Function('scope', `// vdso bench loop #${serial++}\n${head}\nreturn function loop(${params}) {\n${body}\n};`);
}

function identifiers(names: string[]): string {
  for (const n of names) if (!/^[A-Za-z_$][\w$]*$/.test(n)) throw new TypeError(`bench scope: '${n}' is not an identifier`);
  return names.join(', ');
}

/**
 * A call expression over the names in `scope`, each bound as a `const`, as a
 * module binds what it requires (`const vdso = require('vdso')`); globals
 * such as `process` and `Date` are read as globals, as a program reads them.
 */
export function callTask(name: string, expr: string, result: ResultKind, scope: Record<string, unknown>): Timed {
  const names = Object.keys(scope);
  const head = names.length ? `const { ${identifiers(names)} } = scope;` : '';
  const init = result === 'number' ? '0' : 'null';
  const loop = compile(head, 'n', `let r = ${init};\nfor (let i = 0; i < n; i++) r = ${expr};\nreturn r;`)(scope) as (n: number) => unknown;
  return {
    name,
    batch(calls) {
      const t0 = now();
      sink = loop(calls);
      return Number(now() - t0);
    },
  };
}

/** A function called with no arguments, from a loop compiled for it alone. */
export function functionTask(name: string, fn: () => unknown): Timed {
  const loop = compile('', 'fn, n', 'let r = null;\nfor (let i = 0; i < n; i++) r = fn();\nreturn r;')(null) as (f: () => unknown, n: number) => unknown;
  return {
    name,
    batch(calls) {
      const t0 = now();
      sink = loop(fn, calls);
      return Number(now() - t0);
    },
  };
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile (0..1) by linear interpolation between the sorted values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}

export interface Ratio {
  /** The median of the per-round ratios. */
  ratio: number;
  /** Their lower and upper quartiles: how much the ratio moved from round to round. */
  low: number;
  high: number;
}

/** How each numeric field of a row is combined over processes: its median, then this rounding. */
export type FieldRounding = Record<string, (v: number) => number>;

/**
 * The same rows from several processes, one row per task: each field in
 * `fields` the median over the processes (nulls left out), the rest from the
 * first process, `unavailable` from any that has it.
 */
export function medianOfProcesses<T extends { name: string; unavailable?: string | null }>(runs: T[][], fields: FieldRounding): T[] {
  return runs[0].map((first, i) => {
    const same = runs.map((rows) => rows[i]);
    if (same.some((r) => r?.name !== first.name)) throw new Error(`the processes timed different tasks at row ${i}`);
    const out: Record<string, unknown> = { ...first };
    for (const [key, fix] of Object.entries(fields)) {
      if (!(key in first)) continue;
      const values = same.map((r) => (r as Record<string, unknown>)[key]).filter((v): v is number => typeof v === 'number');
      out[key] = values.length ? fix(median(values)) : null;
    }
    if ('unavailable' in first) out.unavailable = same.find((r) => r.unavailable)?.unavailable ?? null;
    return out as T;
  });
}

/** Cost of `task` over cost of `reference`, round by round. */
export function pairedRatio(task: Timing, reference: Timing): Ratio {
  const n = Math.min(task.perRound.length, reference.perRound.length);
  const ratios = Array.from({ length: n }, (_, i) => task.perRound[i] / reference.perRound[i]);
  return { ratio: median(ratios), low: quantile(ratios, 0.25), high: quantile(ratios, 0.75) };
}

// Calls for a batch of about batchNs: doubled until a batch takes an eighth of it, then scaled.
function calibrate(task: Timed, batchNs: number): number {
  for (let calls = 1; ; calls *= 2) {
    const ns = task.batch(calls);
    if (ns >= batchNs / 8 || calls >= MAX_CALLS) return resize(calls, ns, batchNs);
  }
}

function resize(calls: number, ns: number, batchNs: number): number {
  return Math.max(1, Math.min(MAX_CALLS, Math.round((calls * batchNs) / Math.max(ns, 1))));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Times every task in the same interleaved rounds. A task that throws on its
 * first call is left out and reported in `unavailable`; one that throws later
 * is a failure of the run and propagates.
 */
export function measure(tasks: readonly Timed[], plan: Plan, onRound?: (round: number, of: number) => void): Measured {
  const unavailable = new Map<string, string>();
  const live: Timed[] = [];
  for (const t of tasks) {
    try {
      t.batch(1);
      live.push(t);
    } catch (err) {
      unavailable.set(t.name, messageOf(err));
    }
  }
  const calls = live.map((t) => calibrate(t, plan.batchNs));
  const warm: number[][] = live.map(() => []);
  const each = (round: number, fn: (t: Timed, i: number) => void) => {
    // Alternating order: no task always runs right after the same neighbour.
    if (round % 2 === 0) live.forEach(fn);
    else for (let i = live.length - 1; i >= 0; i--) fn(live[i], i);
  };
  for (let round = 0; round < plan.warmupRounds; round++) {
    each(round, (t, i) => warm[i].push(t.batch(calls[i]) / calls[i]));
  }
  // Sized again from the warm cost: a cold first batch overstates it.
  live.forEach((_, i) => {
    if (warm[i].length) calls[i] = resize(1, median(warm[i]), plan.batchNs);
  });
  const perRound: number[][] = live.map(() => []);
  for (let round = 0; round < plan.rounds; round++) {
    onRound?.(round, plan.rounds);
    each(round, (t, i) => perRound[i].push(t.batch(calls[i]) / calls[i]));
  }
  const timings = new Map<string, Timing>();
  live.forEach((t, i) => timings.set(t.name, { perRound: perRound[i], nsPerCall: median(perRound[i]), calls: calls[i] }));
  return { timings, unavailable };
}
