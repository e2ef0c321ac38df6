'use strict';
// The tables made from every runtime's results: the per-runtime summary and
// the load table in bench/README.md (between its markers), and the Speed
// section drafted for the main README (bench/README-speed-section.md).
// `npm run bench -- --all --update` rewrites them all from bench/results/.
const fs = require('node:fs');
const path = require('node:path');
const { chartRows, verdict } = require('./chart');

const README = path.join(__dirname, 'README.md');
const SPEED = path.join(__dirname, 'README-speed-section.md');
const ORDER = { node: 0, bun: 1, deno: 2 };
const EMPTY_CALL = 'vdso.nativeNoop()';
const HRTIME_BIGINT = 'process.hrtime.bigint()';

function readResults(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => /^(node|bun|deno)-\d+\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
    .sort((a, b) => ORDER[a.runtime.runtime] - ORDER[b.runtime.runtime] || Number(a.runtime.version.split('.')[0]) - Number(b.runtime.version.split('.')[0]));
}

const row = (results, name) => results.time?.rows.find((r) => r.name === name) ?? null;
const x = (v) => (v === null || v === undefined ? 'n/a' : v < 0.01 ? `${v.toExponential(0)}x` : `${v.toFixed(2)}x`);
const ms = (ns) => (ns / 1e6).toFixed(2);
const code = (s) => '`' + s + '`';

/** The comparisons of the summary: the charts' rows, the floor, and the load. */
function comparisons(all) {
  const names = chartRows(all.find((r) => r.time)?.time.rows ?? []).map((r) => [r.name, r.against]);
  return [...names, [EMPTY_CALL, HRTIME_BIGINT]];
}

/** Markdown: one row per comparison, one column per runtime. */
function summaryTable(all) {
  const timed = all.filter((r) => r.time);
  const head = ['call', 'against', ...timed.map((r) => r.runtime.title)];
  const lines = comparisons(timed).map(([name, against]) => [code(name), code(against), ...timed.map((r) => x(row(r, name)?.costRatio))]);
  lines.push([`ns per call of ${code(HRTIME_BIGINT)}`, '', ...timed.map((r) => row(r, HRTIME_BIGINT)?.nsPerCall?.toFixed(1) ?? 'n/a')]);
  const loaded = all.filter((r) => r.load);
  if (loaded.length === timed.length) lines.push([code("require('vdso')"), code("require('microtime')"), ...loaded.map((r) => x(r.load.vdsoOverMicrotime))]);
  return markdownTable(head, lines);
}

function markdownTable(head, lines) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
}

/** Markdown: the load medians per runtime. */
function loadTable(all) {
  const loaded = all.filter((r) => r.load);
  const kinds = ['vdso', 'microtime', 'addon', 'empty'];
  const head = ['runtime', ...kinds.map((k) => `${loaded[0]?.load.kinds[k]?.label ?? k}, ms`), "vdso / microtime", 'vdso / vdso.node'];
  const lines = loaded.map((r) => [r.runtime.title, ...kinds.map((k) => (r.load.kinds[k] ? ms(r.load.kinds[k].require.medianNs) : 'n/a')), x(r.load.vdsoOverMicrotime), x(r.load.vdsoOverAddon)]);
  return markdownTable(head, lines);
}

function ratios(all, name) {
  return all.map((r) => row(r, name)?.costRatio).filter((v) => v !== null && v !== undefined);
}

const span = (vs) => (vs.length === 0 ? 'n/a' : Math.min(...vs) === Math.max(...vs) ? x(vs[0]) : `${x(Math.min(...vs))} to ${x(Math.max(...vs))}`);

/** faster, level or slower when every ratio agrees, else "from faster to level" and the like. */
function word(vs) {
  const words = [...new Set(vs.map(verdict))];
  const order = ['faster', 'level', 'slower'];
  words.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return words.length === 1 ? words[0] : `${words[0]} to ${words[words.length - 1]}`;
}

// The rows of the Speed section: [call, instead of, what it shows].
const SPEED_ROWS = [
  ['vdso.clockGettimeMs(CLOCK_REALTIME_COARSE)', 'Date.now()', 'ms of the last tick, no call'],
  ['vdso.clockGettimeNs(CLOCK_REALTIME)', 'BigInt(Date.now()) * 1000000n', 'UTC in ns, not ms steps'],
  ['vdso.clockGettimeNs(CLOCK_BOOTTIME)', 'os.uptime()', 'ns since boot, not 10 ms steps'],
  ['vdso.clockGettimeNs(CLOCK_PROCESS_CPUTIME_ID)', 'process.cpuUsage()', 'CPU time in ns'],
  ['vdso.getcpu()', 'CPU from /proc/thread-self/stat', 'CPU and NUMA node'],
  ['vdso.getrandom(buf16)', 'crypto.getRandomValues(buf16)', '16 random bytes'],
  ['vdso.hrtime.bigint()', 'process.hrtime.bigint()', 'the same clock'],
  ['vdso.now()', 'performance.now()', 'the same clock'],
  ['vdso.getrandom(buf4096)', 'crypto.getRandomValues(buf4096)', '4096 random bytes'],
  [EMPTY_CALL, 'process.hrtime.bigint()', 'an empty call into the addon'],
];

/** The Speed section for the main README: every figure from bench/results/. */
function speedSection(all) {
  const timed = all.filter((r) => r.time);
  const nodes = timed.filter((r) => r.runtime.runtime === 'node');
  const bun = timed.filter((r) => r.runtime.runtime === 'bun');
  const deno = timed.filter((r) => r.runtime.runtime === 'deno');
  const m = timed[0].machine;
  const fine = ['vdso.hrtime.bigint()', 'vdso.clockGettimeNs(CLOCK_MONOTONIC)', 'vdso.now()', 'vdso.hrtime()', 'vdso.clockGettimeMs(CLOCK_REALTIME)'];
  const fineOn = (rs) => rs.flatMap((r) => fine.map((n) => row(r, n)?.costRatio)).filter((v) => v !== null && v !== undefined);
  const lacks = ['vdso.clockGettimeNs(CLOCK_REALTIME)', 'vdso.clockGettimeNs(CLOCK_BOOTTIME)', 'vdso.clockGettimeNs(CLOCK_PROCESS_CPUTIME_ID)', 'vdso.getcpu()', 'vdso.getrandom(buf16)'];
  const lacksAll = lacks.flatMap((n) => ratios(timed, n));
  const coarse = ratios(timed, 'vdso.clockGettimeMs(CLOCK_REALTIME_COARSE)');
  const load = all.filter((r) => r.load && r.runtime.runtime === 'node').map((r) => r.load.vdsoOverMicrotime);
  const lines = [
    '## Speed',
    '',
    `Cost per call against what a program calls instead (lower is better), from \`npm run bench\`: ${timed[0].plan.rounds} interleaved`,
    `rounds, the median of the per-round ratios, on ${m.cpuModel} (${m.cpus} CPUs), ${m.kernel}. \`npx vdso bench\` runs the same`,
    'harness in short on your machine; the method and every figure are in bench/README.md in the repository.',
    '',
    markdownTable(['call', 'instead of', ...timed.map((r) => r.runtime.title)], SPEED_ROWS.map(([name, against, what]) => [`${code(name.replace(/^vdso\./, ''))} (${what})`, code(against), ...timed.map((r) => x(row(r, name)?.costRatio))])),
    '',
    `- **Coarse clocks**: ${word(coarse)} on every runtime, ${span(coarse)} \`Date.now()\`, read from the vDSO data page with no call; a tick old (${m.coarseResolutionMs} ms here).`,
    `- **What the runtime lacks** (REALTIME in ns, BOOTTIME, CPU time, getcpu, getrandom of small buffers): ${word(lacksAll)}, ${span(lacksAll)} what a program does instead; TAI and MONOTONIC_RAW have no Node equivalent at all.`,
    `- **Fine clocks**: ${word(fineOn(nodes))} on Node (${span(fineOn(nodes))} Node's own)` +
      (deno.length ? `, ${word(fineOn(deno))} on Deno (${span(fineOn(deno))})` : '') +
      (bun.length ? `, ${word(fineOn(bun))} on Bun (${span(fineOn(bun))}), where an empty Node-API call alone costs ${span(ratios(bun, EMPTY_CALL))} Bun's own clock.` : '.'),
    `- **getrandom of 4 KiB**: ${word(ratios(timed, 'vdso.getrandom(buf4096)'))}, ${span(ratios(timed, 'vdso.getrandom(buf4096)'))} \`crypto.getRandomValues()\`. \`require('vdso')\`: ${span(load)} \`require('microtime')\` on Node.`,
  ];
  return lines.join('\n') + '\n';
}

function replaceBetween(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${README} has no ${start} ... ${end} markers`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** Rewrites the generated parts of bench/README.md and bench/README-speed-section.md. */
function updateReadmes(dir) {
  const all = readResults(dir);
  let text = fs.readFileSync(README, 'utf8');
  text = replaceBetween(text, 'summary', summaryTable(all));
  text = replaceBetween(text, 'load', loadTable(all));
  text = replaceBetween(text, 'results', all.map((r) => `- [${r.runtime.title} (${r.runtime.version})](results/${r.runtime.slug}.md): table, [chart](results/${r.runtime.slug}.svg), [JSON](results/${r.runtime.slug}.json)`).join('\n'));
  fs.writeFileSync(README, text);
  fs.writeFileSync(SPEED, speedSection(all));
}

/** Text for a run over several runtimes: the key ratios and the load, side by side. */
function crossRuntimeText(all) {
  const out = ['across runtimes'];
  if (all.some((r) => r.time)) out.push('', summaryTable(all));
  if (all.some((r) => r.load)) out.push('', 'load, require() timed inside a fresh process, medians:', loadTable(all));
  return out.join('\n');
}

module.exports = { updateReadmes, crossRuntimeText, summaryTable, loadTable, speedSection, readResults };
