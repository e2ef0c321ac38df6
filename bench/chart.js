'use strict';
// The SVG bar chart: the headline comparisons only (every figure is in the
// table and results.json). Two panels, each on its own linear scale, so the
// few-nanosecond differences against Node stay visible next to the system call.
const { machineLine } = require('./report');

const COLORS = { vdso: '#2b6cb0', node: '#a0aec0', syscall: '#dd6b20', floor: '#38a169', floorLight: '#9ae6b4' };
const WIDTH = 960;
const LABEL_W = 330;
const BAR_W = 470;
const ROW_H = 24;
const BAR_H = 16;

const PANELS = [
  {
    title: 'Against Node built-ins (CLOCK_MONOTONIC unless named)',
    ratioTo: 'node:process.hrtime.bigint:MONOTONIC',
    keys: [
      'floor',
      'vdso:clockGettimeInto:MONOTONIC',
      'vdso:clockGettimeNs:MONOTONIC',
      'vdso:hrtime.bigint:MONOTONIC',
      'node:process.hrtime.bigint:MONOTONIC',
      'vdso:clockGettime:MONOTONIC',
      'vdso:hrtime:MONOTONIC',
      'node:process.hrtime:MONOTONIC',
      'vdso:now:MONOTONIC',
      'node:performance.now:MONOTONIC',
      'vdso:clockGettimeMs:REALTIME_COARSE',
      'node:Date.now:REALTIME',
    ],
  },
  {
    title: 'vDSO against the real system call (CLOCK_MONOTONIC)',
    ratioTo: null,
    keys: ['floor-vdso:clock_gettime:MONOTONIC', 'vdso:clockGettimeInto:MONOTONIC', 'floor-syscall:clock_gettime:MONOTONIC', 'syscall:clockGettimeInto:MONOTONIC'],
  },
];

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function colorOf(path) {
  return path.startsWith('floor') ? COLORS.floor : COLORS[path];
}

/** @returns {string} the SVG document */
function renderChart(results) {
  const by = new Map(results.rows.map((r) => [r.key, r]));
  const empty = by.get('floor:empty').ns;
  const cMono = by.get('floor-vdso:clock_gettime:MONOTONIC').ns;
  const parts = [];
  let y = 0;
  const text = (x, yy, s, attrs = '') => parts.push(`<text x="${x}" y="${yy}" ${attrs}>${esc(s)}</text>`);

  text(12, (y += 24), 'vdso: nanoseconds per call, lower is better', 'font-size="17" font-weight="bold"');
  text(12, (y += 19), machineLine(results.machine), 'font-size="12" fill="#4a5568"');
  text(12, (y += 16), `median of ${results.plan.rounds} rounds of tinybench batches${results.plan.quick ? ' (QUICK MODE: not meaningful)' : ''}; floor = empty Node-API call + C cost of the same vDSO call`, 'font-size="12" fill="#4a5568"');
  y += 10;

  for (const panel of PANELS) {
    const values = panel.keys.map((k) => (k === 'floor' ? empty + cMono : by.get(k).ns));
    const max = Math.max(...values) * 1.05;
    const scale = BAR_W / max;
    const ref = panel.ratioTo ? by.get(panel.ratioTo) : null;
    text(12, (y += 26), panel.title, 'font-size="14" font-weight="bold"');
    y += 6;
    const top = y;
    panel.keys.forEach((key, i) => {
      const rowY = top + i * ROW_H;
      const v = values[i];
      const label = key === 'floor' ? 'floor: empty Node-API call + C vDSO call' : by.get(key).name;
      text(LABEL_W - 8, rowY + BAR_H - 3, label, 'font-size="12" text-anchor="end"');
      if (key === 'floor') {
        parts.push(`<rect x="${LABEL_W}" y="${rowY}" width="${(empty * scale).toFixed(1)}" height="${BAR_H}" fill="${COLORS.floorLight}"/>`);
        parts.push(`<rect x="${(LABEL_W + empty * scale).toFixed(1)}" y="${rowY}" width="${(cMono * scale).toFixed(1)}" height="${BAR_H}" fill="${COLORS.floor}"/>`);
      } else {
        parts.push(`<rect x="${LABEL_W}" y="${rowY}" width="${(v * scale).toFixed(1)}" height="${BAR_H}" fill="${colorOf(by.get(key).path)}"/>`);
      }
      const ratio = ref ? `  (${(v / ref.ns).toFixed(2)}x ${ref.name})` : '';
      text(LABEL_W + v * scale + 6, rowY + BAR_H - 3, `${v.toFixed(1)} ns${ratio}`, 'font-size="12"');
    });
    y = top + panel.keys.length * ROW_H;
    if (ref) {
      const x = (LABEL_W + ref.ns * scale).toFixed(1);
      parts.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${y}" stroke="#718096" stroke-dasharray="4 3"/>`);
    }
    parts.push(`<line x1="${LABEL_W}" y1="${top - 4}" x2="${LABEL_W}" y2="${y}" stroke="#2d3748"/>`);
  }

  y += 22;
  const legend = [
    ['vdso package', COLORS.vdso],
    ['Node built-in', COLORS.node],
    ['through the system call', COLORS.syscall],
    ['C loop (floor)', COLORS.floor],
    ['empty Node-API call', COLORS.floorLight],
  ];
  let x = 12;
  for (const [name, color] of legend) {
    parts.push(`<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${color}"/>`);
    text(x + 17, y, name, 'font-size="12"');
    x += 30 + name.length * 7;
  }
  const height = y + 14;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

module.exports = { renderChart, PANELS };
