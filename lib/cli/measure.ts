/**
 * A small timing harness: cost per call from JavaScript, as the median of
 * timed batches. Functions compared with each other run in interleaved rounds
 * so that a burst of noise (another process, a frequency change) hits all of
 * them alike instead of one.
 */
export type Call = () => unknown;

function nowNs(): bigint {
  return process.hrtime.bigint();
}

// Each function gets a loop compiled for it alone: one shared loop calling
// every function would be a megamorphic call site that V8 never inlines
// through, and would add tens of ns to every few-ns call it measures.
const loops = new WeakMap<Call, (fn: Call, n: number) => void>();
function loopFor(fn: Call): (fn: Call, n: number) => void {
  let loop = loops.get(fn);
  if (!loop) {
    // eslint-disable-next-line no-new-func
    loop = new Function('fn', 'n', 'for (let i = 0; i < n; i++) fn();') as (fn: Call, n: number) => void;
    loops.set(fn, loop);
  }
  return loop;
}

function batchNsPerCall(fn: Call, calls: number): number {
  const loop = loopFor(fn);
  const t0 = nowNs();
  loop(fn, calls);
  return Number(nowNs() - t0) / calls;
}

/** How many calls make a batch last about `batchNs` (at least 16). */
export function callsPerBatch(fn: Call, batchNs: number): number {
  let calls = 16;
  for (;;) {
    const total = batchNsPerCall(fn, calls) * calls;
    if (total >= batchNs / 4 || calls >= 1 << 24) return Math.max(16, Math.round((calls * batchNs) / Math.max(total, 1)));
    calls *= 4;
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface SideBySideOptions {
  /** Timed batches per function (after one warm-up batch). */
  batches: number;
  /** Target length of one batch in ns. */
  batchNs: number;
}

/** Warm-up rounds before any timed one: the JIT tiers a function up over its first few thousand calls. */
const WARMUP_ROUNDS = 3;

/**
 * Median ns per call of each function, measured in the same interleaved
 * rounds. Every function is sized and then run for WARMUP_ROUNDS untimed
 * rounds first, all of them, so the first one measured is as warm as the last.
 */
export function sideBySide(fns: Call[], { batches, batchNs }: SideBySideOptions, onRound?: (round: number) => void): number[] {
  fns.forEach((fn) => batchNsPerCall(fn, 1000));
  const sizes = fns.map((fn) => callsPerBatch(fn, batchNs));
  for (let round = 0; round < WARMUP_ROUNDS; round++) fns.forEach((fn, i) => batchNsPerCall(fn, sizes[i]));
  const samples: number[][] = fns.map(() => []);
  for (let round = 0; round < batches; round++) {
    onRound?.(round);
    fns.forEach((fn, i) => samples[i].push(batchNsPerCall(fn, sizes[i])));
  }
  return samples.map(median);
}
