'use strict';
// What the figures were measured on: they only mean something next to this.
const fs = require('node:fs');
const os = require('node:os');

function readFirst(file, pattern) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (!pattern) return text.trim();
    const m = text.match(pattern);
    return m ? m[1].trim() : null;
  } catch {
    return null;
  }
}

function describeMachine() {
  const vdso = require('..');
  return {
    cpuModel: readFirst('/proc/cpuinfo', /^model name\s*:\s*(.+)$/m) ?? os.cpus()[0]?.model ?? null,
    cpus: os.cpus().length,
    arch: process.arch,
    kernel: `${os.type()} ${os.release()}`,
    clocksource: readFirst('/sys/devices/system/clocksource/clocksource0/current_clocksource'),
    node: process.version,
    v8: process.versions.v8,
    napi: process.versions.napi,
    // What a Date.now() replacement over CLOCK_REALTIME_COARSE can resolve: one kernel tick.
    coarseResolutionMs: ((r) => r[0] * 1e3 + r[1] / 1e6)(vdso.clockGetres(vdso.CLOCK_REALTIME_COARSE)),
    backend: Object.fromEntries(Object.entries(vdso.backend).map(([fn, b]) => [fn, b.path])),
    loadAverage: os.loadavg(),
    date: new Date().toISOString(),
  };
}

module.exports = { describeMachine };
