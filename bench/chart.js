'use strict';
// The SVG bar chart of the headline comparisons (every figure is in the table
// and the results JSON): one linear scale with a labelled axis, each package
// call beside the Node built-in it replaces, its floor drawn as a mark on its
// bar, and the cost ratio against the built-in on the right.
const { machineLine } = require('./report');

const COLORS = { vdso: '#2b6cb0', node: '#a0aec0', floor: '#1a202c', good: '#276749', bad: '#9b2c2c', grid: '#e2e8f0' };
const LABEL_W = 340;
const BAR_W = 460;
const VALUE_W = 70;
const RATIO_W = 330;
const WIDTH = LABEL_W + BAR_W + VALUE_W + RATIO_W;
const ROW_H = 22;
const BAR_H = 15;
const GAP = 10;

// [key, key of the built-in it replaces]; null separates groups.
const ROWS = [
  ['vdso:clockGettimeInto:MONOTONIC', 'node:process.hrtime.bigint:MONOTONIC'],
  ['vdso:clockGettimeNs:MONOTONIC', 'node:process.hrtime.bigint:MONOTONIC'],
  ['vdso:hrtime.bigint:MONOTONIC', 'node:process.hrtime.bigint:MONOTONIC'],
  ['node:process.hrtime.bigint:MONOTONIC', null],
  null,
  ['vdso:clockGettime:MONOTONIC', 'node:process.hrtime:MONOTONIC'],
  ['vdso:hrtime:MONOTONIC', 'node:process.hrtime:MONOTONIC'],
  ['node:process.hrtime:MONOTONIC', null],
  null,
  ['vdso:now:MONOTONIC', 'node:performance.now:MONOTONIC'],
  ['node:performance.now:MONOTONIC', null],
  null,
  ['vdso:clockGettimeMs:REALTIME_COARSE', 'node:Date.now:REALTIME'],
  ['vdso:clockGettimeMs:REALTIME', 'node:Date.now:REALTIME'],
  ['node:Date.now:REALTIME', null],
];

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// A round tick step giving 4 to 10 ticks up to `max`.
function tickStep(max) {
  const raw = max / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => max / s <= 10);
}

/** @returns {string} the SVG document */
function renderChart(results) {
  const by = new Map(results.rows.map((r) => [r.key, r]));
  const shown = ROWS.filter(Boolean).map(([key]) => by.get(key));
  const step = tickStep(Math.max(...shown.map((r) => Math.max(r.ns, r.floorNs ?? 0))));
  const axisMax = Math.ceil((Math.max(...shown.map((r) => Math.max(r.ns, r.floorNs ?? 0))) * 1.02) / step) * step;
  const x = (ns) => LABEL_W + (ns / axisMax) * BAR_W;
  const parts = [];
  let y = 0;
  const text = (tx, ty, s, attrs = '') => parts.push(`<text x="${tx.toFixed(1)}" y="${ty}" ${attrs}>${esc(s)}</text>`);

  const runtime = { node: 'Node', bun: 'Bun', deno: 'Deno' }[results.machine.runtime ?? 'node'];
  text(12, (y += 24), `vdso on ${runtime} ${results.machine.runtimeVersion ?? results.machine.node}: nanoseconds per call, lower is better`, 'font-size="17" font-weight="bold"');
  text(12, (y += 19), machineLine(results.machine), 'font-size="12" fill="#4a5568"');
  text(12, (y += 16), `median of ${results.plan.rounds} rounds of tinybench batches${results.plan.quick ? ' (QUICK MODE: not meaningful)' : ''}; right: cost ratio against the built-in it replaces`, 'font-size="12" fill="#4a5568"');
  y += 18;
  const top = y;
  const bottomOf = top + ROWS.reduce((h, row) => h + (row === null ? GAP : ROW_H), 0);
  for (let t = 0; t <= axisMax + 1e-9; t += step) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 4}" x2="${x(t).toFixed(1)}" y2="${bottomOf}" stroke="${COLORS.grid}"/>`);
  }
  for (const row of ROWS) {
    if (row === null) {
      y += GAP;
      continue;
    }
    const [key, against] = row;
    const r = by.get(key);
    text(LABEL_W - 8, y + BAR_H - 3, r.name + (r.zeroCall ? ' (zero-call)' : ''), 'font-size="12" text-anchor="end"');
    parts.push(`<rect x="${LABEL_W}" y="${y}" width="${(x(r.ns) - LABEL_W).toFixed(1)}" height="${BAR_H}" fill="${r.path === 'node' ? COLORS.node : COLORS.vdso}"/>`);
    if (r.floorNs !== null) {
      // The floor as a mark across the bar: the least a Node-API call of this kind can cost.
      parts.push(`<line x1="${x(r.floorNs).toFixed(1)}" y1="${y - 2}" x2="${x(r.floorNs).toFixed(1)}" y2="${y + BAR_H + 2}" stroke="${COLORS.floor}" stroke-width="2"/>`);
    }
    text(Math.max(x(r.ns), x(r.floorNs ?? 0)) + 6, y + BAR_H - 3, `${r.ns.toFixed(1)} ns`, 'font-size="12"');
    if (against) {
      const ratio = r.ns / by.get(against).ns;
      text(LABEL_W + BAR_W + VALUE_W, y + BAR_H - 3, `${ratio.toFixed(2)}x the cost of ${by.get(against).name}`, `font-size="12" fill="${ratio <= 1 ? COLORS.good : COLORS.bad}"`);
    }
    y += ROW_H;
  }
  // The axis: a line, ticks with their values, and what they measure.
  parts.push(`<line x1="${LABEL_W}" y1="${bottomOf}" x2="${LABEL_W + BAR_W}" y2="${bottomOf}" stroke="#2d3748"/>`);
  parts.push(`<line x1="${LABEL_W}" y1="${top - 4}" x2="${LABEL_W}" y2="${bottomOf}" stroke="#2d3748"/>`);
  for (let t = 0; t <= axisMax + 1e-9; t += step) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${bottomOf}" x2="${x(t).toFixed(1)}" y2="${bottomOf + 4}" stroke="#2d3748"/>`);
    text(x(t), bottomOf + 16, `${+t.toFixed(3)}`, 'font-size="11" text-anchor="middle"');
  }
  y = bottomOf + 34;
  text(LABEL_W + BAR_W / 2, y, 'ns per call (lower is better)', 'font-size="12" text-anchor="middle"');
  y += 22;
  const legend = [['vdso package', COLORS.vdso, 'rect'], ['Node built-in', COLORS.node, 'rect'], ['floor: empty Node-API call + C cost of the same call', COLORS.floor, 'mark']];
  let lx = 12;
  for (const [name, color, kind] of legend) {
    if (kind === 'rect') parts.push(`<rect x="${lx}" y="${y - 11}" width="12" height="12" fill="${color}"/>`);
    else parts.push(`<line x1="${lx + 6}" y1="${y - 13}" x2="${lx + 6}" y2="${y + 3}" stroke="${color}" stroke-width="2"/>`);
    text(lx + 17, y, name, 'font-size="12"');
    lx += 30 + name.length * 7;
  }
  const height = y + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

module.exports = { renderChart, ROWS };
