/**
 * Terminal colors, by Node's own rule (tty.WriteStream#hasColors: TERM=dumb,
 * NO_COLOR and NODE_DISABLE_COLORS turn them off, FORCE_COLOR on), on a
 * terminal, or into a pipe when FORCE_COLOR asks, as Node's console does.
 * JSON output never goes through here.
 */
import { WriteStream } from 'node:tty';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
}

export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (stream.isTTY !== true && env.FORCE_COLOR === undefined) return false;
  // hasColors() reads only the environment, so it answers for a pipe too.
  const hasColors = WriteStream.prototype.hasColors as WriteStream['hasColors'] | undefined;
  if (typeof hasColors !== 'function') return env.NO_COLOR === undefined && env.TERM !== 'dumb'; // a runtime without it
  return hasColors.call(stream, 16, env);
}

const plain = (s: string): string => s;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) return { bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
  const sgr = (on: number, off: number) => (s: string): string => (s ? `\x1b[${on}m${s}\x1b[${off}m` : s);
  return { bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39), cyan: sgr(36, 39) };
}

/** Visible width of a string that may hold color codes. */
export function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
