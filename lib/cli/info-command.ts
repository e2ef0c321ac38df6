import { info, loaded } from '../index';
import type { LoadedBackend, VdsoInfo } from '../types';
import type { Command } from './command';
import { renderImage } from './image-text';
import type { Style } from './style';
import { renderTable } from './table';
import { renderWallClock, wallClockReport } from './wall-clock';
import type { WallClockReport } from './wall-clock';

// The one command that builds the addon from source in this installed copy
// (the package runs no install script), when the JS backend serves a Linux
// process for want of a loadable addon; null otherwise. It runs the package's
// dist/binding.gyp (scripts/package-gyp.js), whose product is build/Release/vdso.node,
// where the loader looks first; node-gyp finds node-addon-api beside the package.
export function buildFromSourceCommand(l: Readonly<LoadedBackend>, platform = process.platform): string | null {
  if (l.backend !== 'js' || platform !== 'linux' || l.reason === 'VDSO_BACKEND=js') return null;
  const dir = __dirname; // dist/, in the bundled dist/cli.js
  return `npx --yes node-gyp rebuild -C ${/^[\w./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`}`;
}

function renderInfo(i: VdsoInfo, l: Readonly<LoadedBackend>, wall: WallClockReport, style: Style): string {
  const out: string[] = [];
  out.push(`${style.bold('backend')} ${l.backend === 'native' ? 'the native addon' : 'pure JS'}: ${l.reason}`);
  const build = buildFromSourceCommand(l);
  if (build) out.push(`to build the native addon from source here (needs g++, make and python3): ${build}`);
  out.push(...renderWallClock(wall, style));
  if (!i.present && i.problem?.startsWith('unknown:')) {
    out.push(style.yellow(`whether this process has a vDSO is ${i.problem}`));
  } else if (!i.present) {
    out.push(style.yellow('no vDSO in this process (AT_SYSINFO_EHDR is 0): every call uses the system call'));
  } else if (l.backend === 'js') {
    // A normal fallback, not a fault: the JS backend has no ELF reader.
    out.push(`${style.bold('vDSO')} at ${i.base}; not read: the JS backend reads no ELF image, and serves the clocks from Node's own`);
  } else {
    out.push(`${style.bold('vDSO')} ${i.soname ?? '(no soname)'} at ${i.base}, ${i.size ?? '?'} bytes mapped by PT_LOAD`);
    if (i.problem) out.push(style.red(`image rejected: ${i.problem}`));
    out.push(...renderImage(i, style, true));
  }
  out.push('');
  const rows = Object.entries(i.backend).map(([name, b]) => [
    name,
    b.path === 'vdso' ? style.green('vdso') : style.yellow(b.path),
    b.reason,
  ]);
  out.push(renderTable(['function', 'path', 'why'], rows, [], style.bold));
  if (i.disabled) out.push('', style.yellow('VDSO_DISABLE=1 was set at load: every call goes to the kernel.'));
  return out.join('\n');
}

export const infoCommand: Command = {
  name: 'info',
  summary: "describe this process's vDSO and which path serves each function",
  description: [
    'Prints which backend loaded (the native addon and its file, or the pure-JS backend) and why,',
    'the vDSO base address, soname, ELF class, machine, the kernel version from the',
    "image's Linux note, hash tables, versions, every defined symbol (version, value, size, type,",
    'binding, address here), the ABI entry points, and for each function whether the package',
    'calls it through the vDSO or the system call, and why; and whether the wall clock is',
    "synchronized, its maximum error, the TAI offset and a pending leap second (the kernel's",
    'clock discipline, read with clock_adjtime and modes 0). This is what `vdso` alone runs.',
  ].join('\n'),
  options: {},
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso', 'vdso info --json | jq .backend'],
  run(args, io) {
    const i = info();
    const wall = wallClockReport();
    if (args.json) io.printJson({ loaded, buildFromSource: buildFromSourceCommand(loaded), ...i, wallClock: wall });
    else io.print(renderInfo(i, loaded, wall, io.style));
    return 0;
  },
};
