import type { Backend, BackendName } from './types';

const ENTRIES: readonly BackendName[] = ['clock_gettime', 'gettimeofday', 'clock_getres', 'time', 'getcpu', 'getrandom', 'clock_gettime_coarse'];

/**
 * `backend` as the package hands it out: frozen, one enumerable getter per
 * entry (each function, and the coarse clocks), each entry a frozen plain object. The report itself is built on
 * the first read, so a process that never looks pays nothing for it at load.
 */
export function lazyBackend(report: () => Backend): Backend {
  let built: Backend | undefined;
  const get = (): Backend => {
    if (built === undefined) {
      const r = report();
      for (const entry of Object.values(r)) Object.freeze(entry);
      built = Object.freeze(r);
    }
    return built;
  };
  const view = {} as Record<BackendName, unknown>;
  for (const name of ENTRIES) Object.defineProperty(view, name, { enumerable: true, get: () => get()[name] });
  // console.log and util.inspect show the entries, not getters.
  Object.defineProperty(view, Symbol.for('nodejs.util.inspect.custom'), {
    value: (_depth: number, options: object, inspect: (v: unknown, o: object) => string) => inspect(get(), options),
  });
  return Object.freeze(view) as Backend;
}
