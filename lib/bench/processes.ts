/**
 * Fresh processes of this runtime for a run split over several (see
 * PROCESSES in harness.ts): each runs a script and prints one JSON document.
 */
import { spawnSync } from 'node:child_process';

/** The executable and argv that run `script` in a fresh process of this runtime (Deno takes `run -A`). */
export function selfCommand(script: string, args: readonly string[]): [string, string[]] {
  const deno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';
  return [process.execPath, deno ? ['run', '-A', script, ...args] : [script, ...args]];
}

/** Runs `script args` in a fresh process and returns the JSON document it printed; throws with its stderr if it failed. */
export function jsonFromProcess(script: string, args: readonly string[]): unknown {
  const [exe, argv] = selfCommand(script, args);
  const r = spawnSync(exe, argv, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${[exe, ...argv].join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}
