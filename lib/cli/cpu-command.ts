import { cpuReport, cpuReportLimit } from '../index';
import type { Command } from './command';
import { badValue } from './failure';
import { renderTable } from './table';

export const cpuCommand: Command = {
  name: 'cpu',
  summary: 'which CPU and NUMA node each thread runs on (getcpu per thread)',
  description: [
    'Starts N worker threads (default: the number of CPUs this process may use) and asks',
    'getcpu() in each of them and in the main thread, all alive at once. getcpu answers for the',
    'calling thread only, so each row is that thread asking for itself.',
  ].join('\n'),
  options: { workers: { type: 'string', short: 'w', valueName: 'N', description: 'worker threads to start (0 to 16 per CPU)' } },
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso cpu', 'vdso cpu --workers 8 --json'],
  async run(args, io) {
    const raw = args.options.workers as string | undefined;
    const workers = raw === undefined ? undefined : Number(raw);
    const limit = cpuReportLimit();
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= limit)) {
      throw badValue('workers', String(raw), `a whole number from 0 to ${limit} (16 per CPU here, within free memory)`);
    }
    const rows = await cpuReport({ workers });
    if (args.json) io.printJson(rows);
    else {
      io.print(renderTable(['thread', 'tid', 'cpu', 'node'], rows.map((r) => [r.thread, String(r.tid ?? '-'), String(r.cpu), String(r.node)]), ['left', 'right', 'right', 'right'], io.style.bold));
    }
    return 0;
  },
};
