/**
 * What only some processes use, bundled apart from the package's entry
 * (scripts/bundle.js): getrandom, the clock discipline, the pino and
 * OpenTelemetry fits and the getcpu reports. A require of the package
 * compiles none of it; index.ts loads this file at the first use of any of it
 * and hands each part what it needs of the package's own core (its addon, its
 * clock calls, its clock API), which this file never loads itself: one
 * process, one addon, one set of calls. The modules here import only types
 * and the package's pure helpers (clock ids, errors) from the rest.
 */
export { makeRandom } from './random';
export { makeClockTruth } from './time-status';
export { makePino } from './pino';
export { makeOtel } from './otel';
export { makeCpu, cpuReportLimit } from './cpu';
