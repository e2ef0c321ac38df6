'use strict';
// One runtime's comparisons as an SVG: each package call's cost ratio against
// what a program would call instead, on a log scale around 1 (level), bars
// to the left cost less. Every figure is also in the table beside it.
const { machineLine } = require('./report');

const COLORS = { faster: '#276749', level: '#718096', slower: '#9b2c2c', grid: '#e2e8f0', axis: '#2d3748' };
const LABEL_W = 330;
const BAR_W = 420;
const TEXT_W = 360;
const WIDTH = LABEL_W + BAR_W + TEXT_W;
const ROW_H = 20;
const BAR_H = 13;
// The axis: 1/1000 to 10, as powers of ten, 1 in the middle-right.
const MIN = 1e-3;
const MAX = 10;
const TICKS = [0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 4, 10];
/** Within this band either way of 1, a ratio reads as level. */
const LEVEL = 0.1;

/** The rows a chart shows: the package's calls of the short run, floor and system call left out. */
function chartRows(rows) {
  return rows.filter((r) => r.short && r.by === 'vdso' && ['fine', 'coarse', 'lacks', 'random'].includes(r.section));
}

/**
 * What a chart and the summary show: each shown row against its reference, and again against the
 * runtime's call hoisted into a constant where the row names one.
 */
function comparisons(rows) {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const one = (r, against, ratio) => ({ name: r.name, against, ratio, ns: r.nsPerCall, refNs: byName.get(against)?.nsPerCall ?? null, unavailable: r.unavailable });
  return chartRows(rows).flatMap((r) => [one(r, r.against, r.costRatio), ...(r.hoisted ? [one(r, r.hoisted, r.vsHoisted)] : [])]);
}

function verdict(ratio) {
  return ratio < 1 - LEVEL ? 'faster' : ratio > 1 + LEVEL ? 'slower' : 'level';
}

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const nsText = (v) => (v >= 1e4 ? `${(v / 1e3).toFixed(0)} us` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} us` : `${v.toFixed(1)} ns`);

/** @returns {string} the SVG document */
function renderChart(results) {
  const rows = comparisons(results.time.rows);
  const x = (ratio) => LABEL_W + (Math.log10(Math.min(MAX, Math.max(MIN, ratio)) / MIN) / Math.log10(MAX / MIN)) * BAR_W;
  const parts = [];
  const text = (tx, ty, s, attrs = '') => parts.push(`<text x="${tx.toFixed(1)}" y="${ty}" ${attrs}>${esc(s)}</text>`);
  let y = 22;
  text(10, y, `vdso on ${results.runtime.title} (${results.runtime.version}): cost per call against what a program calls instead`, 'font-size="16" font-weight="bold"');
  text(10, (y += 17), machineLine(results.machine, results.runtime), 'font-size="11" fill="#4a5568"');
  const { plan } = results;
  const how = `median of ${plan.rounds} interleaved rounds of ${plan.batchNs / 1e6} ms batches${plan.processes > 1 ? ` over ${plan.processes} processes` : ''}`;
  text(10, (y += 14), `${how}${plan.quick ? ' (QUICK MODE: not meaningful)' : ''}; log scale, left of 1 costs less; bench/README.md has the method`, 'font-size="11" fill="#4a5568"');
  y += 14;
  const top = y;
  const bottom = top + rows.length * ROW_H;
  for (const t of TICKS) parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 3}" x2="${x(t).toFixed(1)}" y2="${bottom}" stroke="${t === 1 ? COLORS.axis : COLORS.grid}"/>`);
  for (const r of rows) {
    text(LABEL_W - 6, y + BAR_H - 2, r.name, 'font-size="11" text-anchor="end"');
    if (r.ratio === null) {
      text(x(1) + 6, y + BAR_H - 2, r.unavailable ? 'not in this runtime' : `${r.against} not in this runtime`, 'font-size="11" fill="#718096"');
    } else {
      const a = x(Math.min(1, r.ratio));
      const b = x(Math.max(1, r.ratio));
      parts.push(`<rect x="${a.toFixed(1)}" y="${y}" width="${Math.max(1, b - a).toFixed(1)}" height="${BAR_H}" fill="${COLORS[verdict(r.ratio)]}"/>`);
      text(LABEL_W + BAR_W + 8, y + BAR_H - 2, `${r.ratio < 0.01 ? r.ratio.toExponential(1) : r.ratio.toFixed(2)}x ${r.against} (${nsText(r.ns)} vs ${nsText(r.refNs)})`, 'font-size="11"');
    }
    y += ROW_H;
  }
  parts.push(`<line x1="${LABEL_W}" y1="${bottom}" x2="${LABEL_W + BAR_W}" y2="${bottom}" stroke="${COLORS.axis}"/>`);
  for (const t of TICKS) text(x(t), bottom + 14, `${t}`, 'font-size="10" text-anchor="middle"');
  y = bottom + 30;
  text(LABEL_W + BAR_W / 2, y, 'cost ratio (log scale; below 1 costs less)', 'font-size="11" text-anchor="middle"');
  let lx = 10;
  for (const [name, label] of [['faster', `costs less (below ${1 - LEVEL})`], ['level', `level (${1 - LEVEL} to ${1 + LEVEL})`], ['slower', `costs more (above ${1 + LEVEL})`]]) {
    parts.push(`<rect x="${lx}" y="${y + 8}" width="11" height="11" fill="${COLORS[name]}"/>`);
    text(lx + 15, y + 18, label, 'font-size="11"');
    lx += 30 + label.length * 6;
  }
  const height = y + 28;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

module.exports = { renderChart, chartRows, comparisons, verdict, LEVEL };
