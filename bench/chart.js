'use strict';
// The SVG bar chart: the headline comparisons only (every figure is in the
// table and results.json). Two panels, each on its own linear scale, so the
// few-nanosecond differences against Node stay visible next to the system call.
const { machineLine } = require('./report');

const COLORS = { vdso: '#2b6cb0', node: '#a0aec0', syscall: '#dd6b20', floor: '#38a169', floorLight: '#9ae6b4' };
const LABEL_W = 330;
const BAR_W = 440;
const VALUE_W = 80;
const RATIO_W = 340;
const WIDTH = LABEL_W + BAR_W + VALUE_W + RATIO_W;
const ROW_H = 24;
const BAR_H = 16;
const GAP = 10;

// Rows are [key, key it is compared with]; null separates groups.
const PANELS = [
  {
    title: 'Against Node built-ins (CLOCK_MONOTONIC unless named)',
    floorLine: true,
    rows: [
      ['floor', null],
      null,
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
      ['node:Date.now:REALTIME', null],
    ],
  },
  {
    title: 'vDSO against the real system call (CLOCK_MONOTONIC)',
    floorLine: false,
    rows: [
      ['floor-vdso:clock_gettime:MONOTONIC', null],
      ['vdso:clockGettimeInto:MONOTONIC', 'syscall:clockGettimeInto:MONOTONIC'],
      null,
      ['floor-syscall:clock_gettime:MONOTONIC', null],
      ['syscall:clockGettimeInto:MONOTONIC', null],
    ],
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
    const value = (key) => (key === 'floor' ? empty + cMono : by.get(key).ns);
    const max = Math.max(...panel.rows.filter(Boolean).map(([key]) => value(key))) * 1.05;
    const scale = BAR_W / max;
    text(12, (y += 26), panel.title, 'font-size="14" font-weight="bold"');
    y += 8;
    const top = y;
    for (const row of panel.rows) {
      if (row === null) {
        y += GAP;
        continue;
      }
      const [key, against] = row;
      const v = value(key);
      const label = key === 'floor' ? 'floor: empty Node-API call + C vDSO call' : by.get(key).name;
      text(LABEL_W - 8, y + BAR_H - 3, label, 'font-size="12" text-anchor="end"');
      if (key === 'floor') {
        parts.push(`<rect x="${LABEL_W}" y="${y}" width="${(empty * scale).toFixed(1)}" height="${BAR_H}" fill="${COLORS.floorLight}"/>`);
        parts.push(`<rect x="${(LABEL_W + empty * scale).toFixed(1)}" y="${y}" width="${(cMono * scale).toFixed(1)}" height="${BAR_H}" fill="${COLORS.floor}"/>`);
      } else {
        parts.push(`<rect x="${LABEL_W}" y="${y}" width="${(v * scale).toFixed(1)}" height="${BAR_H}" fill="${colorOf(by.get(key).path)}"/>`);
      }
      text(LABEL_W + v * scale + 6, y + BAR_H - 3, `${v.toFixed(1)} ns`, 'font-size="12"');
      if (against) {
        const ratio = v / value(against);
        const good = ratio < 1;
        text(LABEL_W + BAR_W + VALUE_W, y + BAR_H - 3, `${ratio.toFixed(2)}x ${by.get(against).name}`, `font-size="12" fill="${good ? '#276749' : '#9b2c2c'}"`);
      }
      y += ROW_H;
    }
    if (panel.floorLine) {
      const x = (LABEL_W + (empty + cMono) * scale).toFixed(1);
      parts.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${y}" stroke="${COLORS.floor}" stroke-dasharray="4 3"/>`);
    }
    parts.push(`<line x1="${LABEL_W}" y1="${top - 4}" x2="${LABEL_W}" y2="${y}" stroke="#2d3748"/>`);
  }

  y += 18;
  const legend = [
    ['vdso package', COLORS.vdso],
    ['Node built-in', COLORS.node],
    ['through the system call', COLORS.syscall],
    ['C loop (floor)', COLORS.floor],
    ['empty Node-API call', COLORS.floorLight],
  ];
  text(12, y + 20, 'dashed line: the CLOCK_MONOTONIC floor; right column: the same call against the Node built-in (or the system call) it replaces', 'font-size="12" fill="#4a5568"');
  let x = 12;
  for (const [name, color] of legend) {
    parts.push(`<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${color}"/>`);
    text(x + 17, y, name, 'font-size="12"');
    x += 30 + name.length * 7;
  }
  const height = y + 34;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

module.exports = { renderChart, PANELS };
