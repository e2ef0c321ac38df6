'use strict';
// The text of one runtime's run: what `npm run bench` prints, and what
// bench/results/<runtime>.md holds.
const { SECTIONS } = require('../dist/bench/tasks');

function pad(cells, widths, align) {
  return cells.map((c, i) => (align[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
}

/** Aligned columns; a string line (a section title) is kept as it is. */
function table(header, lines, align) {
  const rows = lines.filter((l) => typeof l !== 'string');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((l) => String(l[i]).length)));
  return [pad(header, widths, align), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map((l) => (typeof l === 'string' ? l : pad(l, widths, align)))].join('\n');
}

const x = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(2)}x`);
const ns = (v) => (v === null || v === undefined ? '-' : v >= 1e4 ? v.toFixed(0) : v.toFixed(1));
const range = (r) => (r.costRatio == null ? '' : `${r.costRatioLow.toFixed(2)}-${r.costRatioHigh.toFixed(2)}`);

function timingTable(time) {
  const lines = [];
  for (const [section, title] of [...Object.entries(SECTIONS), ['c', 'C loops over the same calls (the floor, with the empty call)']]) {
    const rows = section === 'c' ? time.floor : time.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    lines.push(`[${title}]`);
    for (const r of rows) {
      const name = `  ${r.name}${r.zeroCall ? ' (zero-call)' : ''}`;
      if (r.unavailable) lines.push([name, 'n/a', '', '', '', '', r.unavailable]);
      else lines.push([name, ns(r.nsPerCall), x(r.costRatio), range(r), x(r.vsFloor), x(r.vsHoisted), r.against ?? '']);
    }
  }
  return table(['call', 'ns/call', 'cost ratio', 'quartiles', 'x floor', 'x hoisted', 'against'], lines, ['l', 'r', 'r', 'r', 'r', 'r', 'l']);
}

function memoryTable(memory) {
  const lines = memory.forms.map((f) => [f.name, f.heapBytes, f.bytesPerCall.toFixed(2), f.gcCount]);
  return table([`heap allocated (${memory.calls} calls each)`, 'bytes', 'bytes/call', 'GC runs'], lines, ['l', 'r', 'r', 'r']);
}

const ms = (v) => (v / 1e6).toFixed(2);

function loadTable(load) {
  const lines = Object.values(load.kinds).map((k) => [k.label, ms(k.require.medianNs), `${ms(k.require.minNs)}-${ms(k.require.maxNs)}`, ms(k.process.medianNs)]);
  const ratios = [
    load.vdsoOverMicrotime !== null && `require('vdso') / require('microtime'): ${load.vdsoOverMicrotime.toFixed(2)}x`,
    load.vdsoOverAddon !== null && `require('vdso') / vdso.node alone: ${load.vdsoOverAddon.toFixed(2)}x`,
  ].filter(Boolean);
  return `${table([`load, fresh process each (median of ${load.runs})`, 'require() ms', 'min-max', 'spawn to exit ms'], lines, ['l', 'r', 'r', 'r'])}\n${ratios.join('; ')}`;
}

function machineLine(m, runtime) {
  const engine = runtime.runtime === 'bun' ? 'JavaScriptCore' : `V8 ${m.v8}`;
  return `${runtime.title} (${runtime.version}, ${engine}) on ${m.cpuModel} (${m.cpus} CPUs), ${m.kernel}, clocksource ${m.clocksource}`;
}

function planLine(plan) {
  const split = plan.processes > 1 ? ` in ${plan.processes} fresh processes per group (the short list; the rest), per task the median of theirs` : '';
  return `${plan.rounds} interleaved rounds of ${plan.batchNs / 1e6} ms batches of every task${split}, each after ${plan.warmupRounds} warm-up rounds`;
}

/** The whole report as text. */
function formatReport(results) {
  const { machine, plan, runtime } = results;
  const out = [
    `vdso benchmark${plan.quick ? ' (QUICK MODE: figures not meaningful)' : ''}: ${machineLine(machine, runtime)}`,
    `load average at start ${machine.loadAverage.map((v) => v.toFixed(2)).join(' ')}, at end ${machine.loadAverageAtEnd.map((v) => v.toFixed(2)).join(' ')}; ${machine.date}`,
  ];
  if (results.time) {
    out.push(
      `${planLine(plan)}. ns/call: median over the rounds. cost ratio: ns/call over that of the call in 'against',`,
      "the median of the per-round ratios (quartiles beside it); below 1 costs less. x floor: over an empty Node-API call plus the C cost",
      `of the same clock_gettime. x hoisted: over the runtime's call with its object in a constant (processHrtime = process.hrtime,`,
      `perf = performance). zero-call: read from the vDSO data page. CLOCK_REALTIME_COARSE ticks every ${machine.coarseResolutionMs} ms here.`,
      '',
      timingTable(results.time),
    );
  }
  if (results.memory) out.push('', memoryTable(results.memory));
  if (results.load) out.push('', loadTable(results.load));
  return out.join('\n') + '\n';
}

module.exports = { formatReport, machineLine, planLine };
