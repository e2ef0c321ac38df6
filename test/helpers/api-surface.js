'use strict';
// Every public function of the package: valid arguments, which values each
// parameter accepts, and what a correct result looks like. The bad-input
// suites (test/args-*.test.js) call each function with every wrong kind of
// argument in every position. Loading this module does nothing else.
const { constants: bufferConstants } = require('node:buffer');
const vdso = require('../..');

const NODE_CODE = /^ERR_[A-Z_]+$/;

// The suites detach buffers only through detach(), so they know which views
// are detached without asking the code under test.
const detachedViews = new WeakSet();
function detach(view) {
  structuredClone(view.buffer, { transfer: [view.buffer] });
  detachedViews.add(view);
  return view;
}
const isDetached = (v) => detachedViews.has(v);

const int = Number.isInteger;
// What each parameter accepts. -0 is the int32 0, as in Node's own validators.
const accepts = {
  clockId: (v) => typeof v === 'number' && (v | 0) === v,
  float64Out: (v) => v instanceof Float64Array && v.length >= 2,
  hrtimePrev: (v) =>
    v === undefined ||
    (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && v[0] >= 0 && int(v[1]) && v[1] >= 0 && v[1] < 1e9),
  image: (v) => v instanceof Uint8Array && !isDetached(v),
  optionalImage: (v) => v === undefined || accepts.image(v),
  name: (v) => typeof v === 'string',
  version: (v) => typeof v === 'string' || v === null,
  // A detached view is an empty one here, as for crypto.randomFillSync (and
  // test/random-api.test.js keeps it so): nothing to fill, the view comes back.
  randomView: (v) => ArrayBuffer.isView(v),
  randomFlags: (v) => v === undefined || (typeof v === 'number' && int(v) && v >= 0 && v <= 0xffffffff),
  // Valid sizes go up to this Node's buffer.constants.MAX_LENGTH (2**32 on Node 20,
  // 2**53 - 1 later); the suites keep to small ones.
  randomSize: (v) => typeof v === 'number' && int(v) && v >= 0 && v <= bufferConstants.MAX_LENGTH,
  thread: (v) => v === undefined || typeof v === 'string',
  cpuOptions: (v) => v === undefined || (typeof v === 'object' && v !== null && (v.workers === undefined || (int(v.workers) && v.workers >= 0 && v.workers <= vdso.cpuReportLimit()))),
  ignored: () => true,
};

const timespec = (r) => Array.isArray(r) && r.length === 2 && int(r[0]) && r[0] >= 0 && int(r[1]) && r[1] >= 0 && r[1] < 1e9;
const epochSeconds = (s) => int(s) && s > 1.5e9 && s < 1e10;
// Kernel answers to well-typed calls: an errno as a Node-style system error.
const systemError = (e) => e instanceof Error && /^E[A-Z0-9]+$/.test(e.code) && int(e.errno) && e.errno < 0 && typeof e.syscall === 'string';

function clockForms(api, label) {
  return [
    { name: `${label}clockGettime`, fn: api.clockGettime, params: [['clockId', 1]], result: timespec, kernelErrors: true },
    { name: `${label}clockGettimeNs`, fn: api.clockGettimeNs, params: [['clockId', 1]], result: (r) => typeof r === 'bigint' && r >= 0n, kernelErrors: true },
    { name: `${label}clockGettimeMs`, fn: api.clockGettimeMs, params: [['clockId', 1]], result: (r) => Number.isFinite(r) && r >= 0, kernelErrors: true },
    {
      name: `${label}clockGettimeInto`,
      fn: api.clockGettimeInto,
      params: [['clockId', 1], ['float64Out', () => new Float64Array(2)]],
      result: (r, args) => r === args[1] && timespec([r[0], r[1]]),
      kernelErrors: true,
    },
    { name: `${label}clockGetres`, fn: api.clockGetres, params: [['clockId', 1]], result: timespec, kernelErrors: true },
    { name: `${label}gettimeofday`, fn: api.gettimeofday, params: [], result: (r) => epochSeconds(r.sec) && int(r.usec) && r.usec >= 0 && r.usec < 1e6 },
    { name: `${label}time`, fn: api.time, params: [], result: epochSeconds },
    { name: `${label}getcpu`, fn: api.getcpu, params: [], result: (r) => int(r.cpu) && r.cpu >= 0 && int(r.node) && r.node >= 0 },
  ];
}

const pinoField = (name, value) => (r) => typeof r === 'string' && r.startsWith(`,"${name}":`) && value.test(r.slice(name.length + 4));

/** Every public function; `params` are [kind, valid value or a function making one]. */
const surface = [
  ...clockForms(vdso, ''),
  ...clockForms(vdso.syscalls, 'syscalls.'),
  {
    name: 'hrtime',
    fn: vdso.hrtime,
    params: [['hrtimePrev', undefined]],
    result: (r) => Array.isArray(r) && r.length === 2 && int(r[0]) && int(r[1]) && r[1] >= 0 && r[1] < 1e9,
  },
  { name: 'hrtime.bigint', fn: vdso.hrtime.bigint, params: [], result: (r) => typeof r === 'bigint' && r > 0n },
  { name: 'now', fn: vdso.now, params: [], result: (r) => Number.isFinite(r) && r >= 0 },
  { name: 'performanceNow', fn: vdso.performanceNow, params: [], result: (r) => Number.isFinite(r) && r >= 0 },
  { name: 'msSinceLoad', fn: vdso.msSinceLoad, params: [], result: (r) => Number.isFinite(r) && r >= 0 },
  { name: 'clockName', fn: vdso.clockName, params: [['clockId', 1]], result: (r) => r === undefined || typeof r === 'string' },
  { name: 'info', fn: vdso.info, params: [], result: (r) => typeof r.present === 'boolean' && typeof r.backend === 'object' },
  { name: 'dump', fn: vdso.dump, params: [], result: (r) => r === null || Buffer.isBuffer(r) },
  {
    name: 'inspect',
    fn: vdso.inspect,
    params: [['image', () => vdso.dump() ?? new Uint8Array(0)]],
    result: (r) => Array.isArray(r.symbols) && Array.isArray(r.versions),
    imageErrors: true,
  },
  {
    name: 'lookup',
    fn: vdso.lookup,
    params: [['name', '__vdso_clock_gettime'], ['version', 'LINUX_2.6'], ['optionalImage', undefined]],
    result: (r) => r === null || typeof r === 'string' || int(r),
    imageErrors: true,
  },
  {
    name: 'getrandom',
    fn: vdso.getrandom,
    params: [['randomView', () => new Uint8Array(16)], ['randomFlags', 0]],
    result: (r, args) => r === args[0],
    kernelErrors: true,
  },
  {
    name: 'getrandomSyscall',
    fn: vdso.getrandomSyscall,
    params: [['randomView', () => new Uint8Array(16)], ['randomFlags', 0]],
    result: (r, args) => r === args[0],
    kernelErrors: true,
  },
  {
    name: 'randomBytes',
    fn: vdso.randomBytes,
    params: [['randomSize', 16], ['randomFlags', 0]],
    result: (r, args) => Buffer.isBuffer(r) && r.length === args[0],
    kernelErrors: true,
  },
  { name: 'getrandomInfo', fn: vdso.getrandomInfo, params: [], result: (r) => typeof r === 'object' && r !== null },
  { name: 'pinoTime.epochTime', fn: vdso.pinoTime.epochTime, params: [], result: pinoField('time', /^\d{13}\.\d{6}$/) },
  { name: 'pinoTime.epochTimeNs', fn: vdso.pinoTime.epochTimeNs, params: [], result: pinoField('time', /^\d{19}$/) },
  { name: 'pinoTime.isoTime', fn: vdso.pinoTime.isoTime, params: [], result: pinoField('time', /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z"$/) },
  { name: 'otelHrTime', fn: vdso.otelHrTime, params: [], result: (r) => timespec(r) && epochSeconds(r[0]) },
  {
    name: 'timeStatus',
    fn: vdso.timeStatus,
    params: [],
    result: (r) => typeof r.synchronized === 'boolean' && int(r.maxErrorUs) && r.maxErrorUs >= 0 && int(r.status.bits) && Array.isArray(r.status.names),
    kernelErrors: true,
  },
  {
    name: 'boundedNow',
    fn: vdso.boundedNow,
    params: [],
    result: (r) => typeof r.earliest === 'bigint' && typeof r.latest === 'bigint' && r.earliest <= r.latest && typeof r.synchronized === 'boolean',
    kernelErrors: true,
  },
  {
    name: 'currentThreadCpu',
    fn: vdso.currentThreadCpu,
    params: [['thread', undefined]],
    result: (r) => typeof r.thread === 'string' && int(r.cpu) && r.cpu >= 0,
  },
  {
    name: 'cpuReport',
    fn: vdso.cpuReport,
    params: [['cpuOptions', () => ({ workers: 0 })]],
    result: (r) => Array.isArray(r) && r.length >= 1,
    async: true,
  },
];

function validArgs(spec) {
  return spec.params.map(([, v]) => (typeof v === 'function' ? v() : v));
}

/**
 * Calls `spec.fn(...args)` and says whether the outcome keeps the promise:
 * an accepted argument gives a correct result (or, where the kernel decides,
 * a system error); a rejected one a TypeError or RangeError with a Node-style
 * code. Returns null when it does, else what went wrong.
 */
async function judge(spec, args, acceptable) {
  let value, error, threw = false;
  try {
    value = spec.fn(...args);
    if (spec.async) value = await value;
  } catch (e) {
    threw = true;
    error = e;
  }
  const show = (x) => {
    try {
      return typeof x === 'bigint' ? `${x}n` : (JSON.stringify(x) ?? String(x)).slice(0, 120);
    } catch {
      return String(x);
    }
  };
  if (acceptable) {
    if (!threw) return spec.result(value, args) ? null : `returned garbage: ${show(value)}`;
    if (spec.kernelErrors && systemError(error)) return null;
    if (spec.imageErrors && error?.code === 'ERR_VDSO_INVALID_IMAGE' && typeof error.check === 'string') return null;
    return `threw for a valid argument: ${error?.constructor?.name} ${error?.code} ${error?.message}`;
  }
  if (!threw) return `accepted it and returned ${show(value)}`;
  if (!(error instanceof TypeError || error instanceof RangeError)) return `threw ${error?.constructor?.name} (${error?.code}): ${error?.message}`;
  if (!NODE_CODE.test(error.code)) return `threw a ${error.constructor.name} without a Node-style code: ${error.message}`;
  if (typeof error.message !== 'string' || error.message.length === 0) return 'threw without a message';
  return null;
}

module.exports = { surface, accepts, validArgs, judge, detach };
