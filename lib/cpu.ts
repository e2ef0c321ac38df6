/**
 * Which CPU and NUMA node each thread runs on: the main thread and a set of
 * worker threads, each asking getcpu() for itself (the answer is per thread).
 */
import { readlinkSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Cpu } from './clock-api';
import { invalidArgType, outOfRange } from './errors';

export interface ThreadCpu {
  /** 'main' or 'worker N'. */
  thread: string;
  /** Node's worker_threads threadId (0 for the main thread). */
  threadId: number;
  /** The kernel's thread id (what taskset -p and /proc/PID/task take), or null without /proc. */
  tid: number | null;
  cpu: number;
  node: number;
}

function linuxTid(): number | null {
  try {
    // "PID/task/TID"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}

// node:worker_threads is required on use: loading it costs more than the rest of the package.
const workerThreads = (): typeof import('node:worker_threads') => require('node:worker_threads');

// Each worker answers, then stays alive (a listener on its port keeps it)
// until cpuReport terminates them all, so the threads are spread over the
// CPUs together rather than one at a time.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { currentThreadCpu } = require(workerData.entry);
parentPort.on('message', () => {});
parentPort.postMessage(currentThreadCpu(workerData.label));
`;

/** Bytes of memory one worker holds while it runs (measured about 8 MB on Node 20 to 26), with room to spare. */
const WORKER_BYTES = 32 * 1024 * 1024;

/**
 * The most workers cpuReport() starts at once here: 16 per CPU this process
 * may use (more tell nothing more about placement), and no more than a
 * quarter of the free memory holds. (1000 workers once took 33 s and 8.1 GB.)
 */
export function cpuReportLimit(): number {
  const os = require('node:os') as typeof import('node:os');
  return Math.max(1, Math.min(1024, 16 * os.availableParallelism(), Math.floor(os.freemem() / 4 / WORKER_BYTES)));
}

export interface CpuReportOptions {
  /** Worker threads to start besides the calling thread; default os.availableParallelism(), at most cpuReportLimit(). */
  workers?: number;
}

/**
 * The getcpu reports over the package's getcpu(); each worker loads the
 * package from `packageEntry` (its main file) and answers with it.
 */
export function makeCpu(getcpu: () => Cpu, packageEntry: string) {
  /** getcpu() for the calling thread, with the thread's identity. */
  function currentThreadCpu(thread?: string): ThreadCpu {
    if (thread !== undefined && typeof thread !== 'string') throw invalidArgType('thread', 'of type string', thread);
    const { isMainThread, threadId } = workerThreads();
    if (thread === undefined) thread = isMainThread ? 'main' : `worker ${threadId}`;
    const { cpu, node } = getcpu();
    return { thread, threadId, tid: linuxTid(), cpu, node };
  }

  /** getcpu() of the calling thread and of `workers` new worker threads, all alive at once. */
  async function cpuReport(options: CpuReportOptions = {}): Promise<ThreadCpu[]> {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    const count = options.workers ?? (require('node:os') as typeof import('node:os')).availableParallelism();
    if (typeof count !== 'number') throw invalidArgType('options.workers', 'of type number', count);
    const limit = cpuReportLimit();
    if (!Number.isInteger(count) || count < 0 || count > limit) {
      throw outOfRange('options.workers', `an integer >= 0 and <= ${limit} (cpuReportLimit(): 16 per CPU, within free memory)`, count);
    }
    const rows = [currentThreadCpu()];
    const workers: Worker[] = [];
    try {
      const answers: Promise<ThreadCpu>[] = [];
      for (let i = 1; i <= count; i++) {
        const w = new (workerThreads().Worker)(workerSource, { eval: true, workerData: { entry: packageEntry, label: `worker ${i}` } });
        workers.push(w);
        answers.push(
          new Promise((resolve, reject) => {
            w.once('message', resolve);
            w.once('error', reject);
            w.once('exit', (code) => reject(new Error(`worker ${i} exited with code ${code} before answering`)));
          }),
        );
      }
      rows.push(...(await Promise.all(answers)));
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return rows;
  }

  return { currentThreadCpu, cpuReport };
}
