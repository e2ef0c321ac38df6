/** Which runtime runs this process: Node, Bun or Deno (the last two report a Node version too). */
export interface RuntimeId {
  runtime: 'node' | 'bun' | 'deno';
  version: string;
  /** 'Node 24', 'Bun 1', 'Deno 2': one results file per runtime and major version. */
  title: string;
  /** 'node-24', 'bun-1', 'deno-2'. */
  slug: string;
}

const TITLES = { node: 'Node', bun: 'Bun', deno: 'Deno' } as const;

export function runtimeId(): RuntimeId {
  const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
  const [runtime, version]: [RuntimeId['runtime'], string] = process.versions.bun
    ? ['bun', process.versions.bun]
    : deno !== undefined
      ? ['deno', deno.version.deno]
      : ['node', process.versions.node];
  const major = version.split('.')[0];
  return { runtime, version, title: `${TITLES[runtime]} ${major}`, slug: `${runtime}-${major}` };
}
