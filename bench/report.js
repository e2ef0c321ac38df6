'use strict';
// The text the benchmark prints (and bench/README.md quotes).

const GROUPS = [
  ['vdso', 'vdso package (vDSO path)'],
  ['node', 'the runtime\'s built-ins (process.hrtime, performance.now, Date.now)'],
  ['syscall', 'vdso package, syscalls.* (real system call)'],
  ['floor-napi', 'floor'],
  ['floor-vdso', 'floor'],
  ['floor-syscall', 'floor'],
];

function fixed(v, digits) {
  return v === null || v === undefined ? '-' : v.toFixed(digits);
}

function pad(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

function table(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const out = [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const l of lines) out.push(typeof l === 'string' ? l : pad(l, widths));
  return out.join('\n');
}

function timingTable(rowList) {
  const lines = [];
  let lastTitle = null;
  for (const [path, title] of GROUPS) {
    for (const r of rowList.filter((x) => x.path === path)) {
      if (title !== lastTitle) {
        lines.push([`[${title}]`, '', '', '']);
        lastTitle = title;
      }
      lines.push([`  ${r.name}${r.zeroCall ? ' (zero-call)' : ''}`, fixed(r.ns, 1), fixed(r.vsHrtimeBigint, 2), fixed(r.vsFloor, 2)]);
    }
  }
  return table(['task', 'ns/call', 'cost / hrtime.bigint', 'cost / floor'], lines);
}

function targetValue(t) {
  if (t.unit === 'x') return `${t.value.toFixed(2)}x` + (t.floor === undefined ? '' : ` (floor ${t.floor.toFixed(2)}x)`);
  if (t.unit === 'us') return `${t.value.toFixed(1)} us`;
  return `${t.value}${t.unit ? ' ' + t.unit : ''}`;
}

function targetsTable(targets) {
  // A target whose floor is above its limit cannot be met by any Node-API call: the floor is the proof.
  const met = (t) => (t.met ? 'yes' : t.reachable === false ? 'NO: the floor is above it' : 'NO');
  const lines = targets.map((t) => [t.text, targetValue(t), `<= ${t.limit}${t.unit === 'x' ? 'x' : t.unit ? ' ' + t.unit : ''}`, met(t)]);
  return table(['target', 'measured', 'limit', 'met'], lines);
}

function memoryTable(memory) {
  const lines = memory.forms.map((f) => [f.name, f.heapBytes, fixed(f.bytesPerCall, 2), f.gcCount]);
  return table([`form (${memory.calls} calls each)`, 'heap bytes', 'bytes/call', 'GC runs'], lines);
}

function walk(s) {
  return `${(s.medianNs / 1e3).toFixed(1)} us (min ${(s.minNs / 1e3).toFixed(1)}, max ${(s.maxNs / 1e3).toFixed(1)})`;
}

function loadTable(load) {
  const us = (ns) => (ns / 1e3).toFixed(0);
  const ms = (ns) => (ns / 1e6).toFixed(1);
  const lines = [
    ['empty Node-API addon', us(load.empty.require.medianNs), '1.00', ms(load.empty.process.medianNs)],
    ['vdso addon file alone (dlopen + ELF walk + Init)', us(load.addon.require.medianNs), load.addonRatio.toFixed(2), ms(load.addon.process.medianNs)],
    ['floor: a package of one JS file requiring that addon', us(load.onefile.require.medianNs), load.oneFileRatio.toFixed(2), ms(load.onefile.process.medianNs)],
    ["require('vdso') (addon + JS modules)", us(load.vdso.require.medianNs), load.ratio.toFixed(2), ms(load.vdso.process.medianNs)],
  ];
  return (
    table([`load, fresh process (median of ${load.runs})`, 'require() us', 'x empty', 'process ms'], lines) +
    `\nELF walk inside those loads: first (cold) median ${walk(load.elfWalk)}; with LD_BIND_NOW=1: ${walk(load.elfWalkBindNow)}; ` +
    `the walk repeated in the same process: ${walk(load.elfWalkRepeat)}`
  );
}

function machineLine(m) {
  const runtime = m.runtime === 'bun' ? `Bun ${m.runtimeVersion}` : m.runtime === 'deno' ? `Deno ${m.runtimeVersion} (V8 ${m.v8})` : `Node ${m.node} (V8 ${m.v8})`;
  return `${m.cpuModel} (${m.cpus} CPUs), ${m.kernel}, clocksource ${m.clocksource}, ${runtime}`;
}

/** The whole report as text. */
function formatReport(results) {
  const { machine, plan } = results;
  return [
    `vdso benchmark${plan.quick ? ' (QUICK MODE: figures not meaningful)' : ''}`,
    machineLine(machine),
    `load average at start ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}; ${plan.rounds} rounds, median of round medians`,
    'cost ratios throughout: ns per call divided by the reference\'s ns per call, lower is better (0.50 = half the cost);',
    'floor = an empty Node-API call + the C cost of the same call, the least any call through Node-API can cost; zero-call = no call at all (the vDSO data page)',
    `CLOCK_REALTIME_COARSE resolution (clock_getres): ${machine.coarseResolutionMs} ms`,
    '',
    timingTable(results.rows),
    '',
    targetsTable(results.targets),
    '',
    memoryTable(results.memory),
    '',
    loadTable(results.load),
    '',
  ].join('\n');
}

module.exports = { formatReport, machineLine };
