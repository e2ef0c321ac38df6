/**
 * Side-by-side timing for the CLI's other commands (`vdso clocks`), over the
 * benchmark's harness (lib/bench/harness.ts): each function called from a
 * loop compiled for it alone, in interleaved rounds after warm-up rounds.
 */
import { functionTask, measure } from '../bench/harness';

export { median } from '../bench/harness';

export type Call = () => unknown;

export interface SideBySideOptions {
  /** Timed batches per function (after the warm-up rounds). */
  batches: number;
  /** Target length of one batch in ns. */
  batchNs: number;
}

/** Warm-up rounds before any timed one: the JIT tiers a function up over its first few thousand calls. */
const WARMUP_ROUNDS = 3;

/** Median ns per call of each function, measured in the same interleaved rounds. */
export function sideBySide(fns: Call[], { batches, batchNs }: SideBySideOptions, onRound?: (round: number) => void): number[] {
  const tasks = fns.map((fn, i) => functionTask(`#${i}`, fn));
  const { timings, unavailable } = measure(tasks, { rounds: batches, warmupRounds: WARMUP_ROUNDS, batchNs }, onRound);
  const failed = unavailable.entries().next();
  if (!failed.done) throw new Error(`function ${failed.value[0]} threw: ${failed.value[1]}`);
  return tasks.map((t) => timings.get(t.name)!.nsPerCall);
}
