'use strict';
// The tables made from every runtime's results: the per-runtime summary and
// the load table in bench/README.md (between its markers), and the Speed
// section drafted for the main README (bench/README-speed-section.md).
// `npm run bench -- --all --update` rewrites them all from bench/results/.
const fs = require('node:fs');
const path = require('node:path');
const { comparisons, verdict } = require('./chart');

const README = path.join(__dirname, 'README.md');
const SPEED = path.join(__dirname, 'README-speed-section.md');
const MAIN_README = path.join(__dirname, '..', 'README.md');
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

const ratioOf = (results, name, against) => {
  const r = row(results, name);
  if (!r) return null;
  return r.against === against ? r.costRatio : r.hoisted === against ? r.vsHoisted : null;
};

/** Markdown: one row per comparison (the charts' and the floor's), one column per runtime. */
function summaryTable(all) {
  const timed = all.filter((r) => r.time);
  const head = ['call', 'against', ...timed.map((r) => r.runtime.title)];
  const pairs = [...comparisons(timed[0].time.rows).map((c) => [c.name, c.against]), [EMPTY_CALL, HRTIME_BIGINT]];
  const lines = pairs.map(([name, against]) => [code(name), code(against), ...timed.map((r) => x(ratioOf(r, name, against)))]);
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

// The rows of the Speed section: [call, instead of, what it gives].
const SPEED_ROWS = [
  ['vdso.clockGettimeMs(CLOCK_REALTIME_COARSE)', 'Date.now()', 'ms of the last tick'],
  ['vdso.clockGettimeNs(CLOCK_REALTIME)', 'BigInt(Date.now()) * 1000000n', 'UTC in ns, not ms steps'],
  ['vdso.clockGettimeNs(CLOCK_BOOTTIME)', 'os.uptime()', 'ns since boot, not 10 ms steps'],
  ['vdso.clockGettimeNs(CLOCK_PROCESS_CPUTIME_ID)', 'process.cpuUsage()', 'CPU time in ns'],
  ['vdso.getcpu()', 'CPU from /proc/thread-self/stat', 'CPU and NUMA node'],
  ['vdso.getrandom(buf16)', 'crypto.getRandomValues(buf16)', '16 bytes'],
  ['vdso.hrtime.bigint()', 'process.hrtime.bigint()', 'the same clock'],
  ['vdso.now()', 'performance.now()', 'the same clock'],
  ['vdso.getrandom(buf4096)', 'crypto.getRandomValues(buf4096)', '4096 bytes'],
];

const present = (vs) => vs.filter((v) => v !== null && v !== undefined);

/** The Speed section for the main README (20 lines): every figure from bench/results/, every verdict from the figures. */
function speedSection(all) {
  const timed = all.filter((r) => r.time);
  const on = (runtime) => timed.filter((r) => r.runtime.runtime === runtime);
  const m = timed[0].machine;
  const scale = present(timed.map((r) => row(r, HRTIME_BIGINT)?.nsPerCall));
  // The fine clocks against the runtime's call as usually written (1), and with its object hoisted (2).
  const fine = [
    ['vdso.hrtime.bigint()', 'process.hrtime.bigint()', 'processHrtime.bigint()'],
    ['vdso.clockGettimeNs(CLOCK_MONOTONIC)', 'process.hrtime.bigint()', 'processHrtime.bigint()'],
    ['vdso.hrtime()', 'process.hrtime()', 'processHrtime()'],
    ['vdso.now()', 'performance.now()', 'perf.now()'],
  ];
  const fineOn = (rs, which) => present(rs.flatMap((r) => fine.map((f) => ratioOf(r, f[0], f[which]))));
  const lacks = ['vdso.clockGettimeNs(CLOCK_REALTIME)', 'vdso.clockGettimeNs(CLOCK_BOOTTIME)', 'vdso.clockGettimeNs(CLOCK_PROCESS_CPUTIME_ID)', 'vdso.getcpu()', 'vdso.getrandom(buf16)'];
  const lacksOn = (rs) => present(lacks.flatMap((n) => ratios(rs, n)));
  const coarse = ratios(timed, 'vdso.clockGettimeMs(CLOCK_REALTIME_COARSE)');
  const big = ratios(timed, 'vdso.getrandom(buf4096)');
  const load = present(all.filter((r) => r.load && r.runtime.runtime === 'node').map((r) => r.load.vdsoOverMicrotime));
  const nodes = on('node');
  const bun = on('bun');
  const deno = on('deno');
  const lines = [
    '## Speed',
    '',
    `Cost per call against what a program calls instead, lower is better (\`process.hrtime.bigint()\` itself: ${Math.min(...scale).toFixed(0)} to ${Math.max(...scale).toFixed(0)} ns), from \`npm run bench\` on ${m.cpuModel} (${m.cpus} CPUs), ${m.kernel};`,
    '`npx vdso bench` runs the same harness in short. The method and every figure: bench/README.md in the repository.',
    '',
    markdownTable(['call', 'instead of', ...timed.map((r) => r.runtime.title)], SPEED_ROWS.map(([name, against, what]) => [`${code(name.replace(/^vdso\./, ''))} (${what})`, code(against), ...timed.map((r) => x(ratioOf(r, name, against)))])),
    '',
    `- **The coarse clocks and what the runtime lacks**: the coarse clocks ${word(coarse)} on every runtime (${span(coarse)} \`Date.now()\`, no call, a tick old: ${m.coarseResolutionMs} ms here); REALTIME in ns, BOOTTIME, CPU time, getcpu and getrandom of 16 bytes ${word(lacksOn(nodes))} on Node (${span(lacksOn(nodes))} what a program does instead); TAI and MONOTONIC_RAW have no Node equivalent.`,
    `- **The fine clocks**: on Node ${word(fineOn(nodes, 1))} against Node's call as usually written (${span(fineOn(nodes, 1))}), ${word(fineOn(nodes, 2))} against it with \`process.hrtime\` or \`performance\` held in a constant (${span(fineOn(nodes, 2))})` +
      (deno.length ? `; ${word(fineOn(deno, 1))} on Deno (${span(fineOn(deno, 1))}).` : '.'),
    ...(bun.length ? [`- **Bun**: every call into the addon ${word(fineOn(bun, 1))} (fine clocks ${span(fineOn(bun, 1))}; an empty Node-API call alone costs ${span(ratios(bun, EMPTY_CALL))} Bun's own clock).`] : []),
    `- **Bulk random bytes**: getrandom of 4 KiB ${word(big)} (${span(big)} \`crypto.getRandomValues()\`).`,
    `- **Load**: \`require('vdso')\` ${span(load)} \`require('microtime')\` on Node (fresh processes, medians).`,
  ];
  return lines.join('\n') + '\n';
}

function replaceBetween(text, name, body, file = README) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} markers`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** Rewrites the generated parts of bench/README.md, bench/README-speed-section.md and the main README's Speed section. */
function updateReadmes(dir) {
  const all = readResults(dir);
  let text = fs.readFileSync(README, 'utf8');
  text = replaceBetween(text, 'summary', summaryTable(all));
  text = replaceBetween(text, 'load', loadTable(all));
  text = replaceBetween(text, 'results', all.map((r) => `- [${r.runtime.title} (${r.runtime.version})](results/${r.runtime.slug}.md): table, [chart](results/${r.runtime.slug}.svg), [JSON](results/${r.runtime.slug}.json)`).join('\n'));
  fs.writeFileSync(README, text);
  const speed = speedSection(all);
  fs.writeFileSync(SPEED, speed);
  fs.writeFileSync(MAIN_README, replaceBetween(fs.readFileSync(MAIN_README, 'utf8'), 'speed', speed.trimEnd(), MAIN_README));
}

/** Text for a run over several runtimes: the key ratios and the load, side by side. */
function crossRuntimeText(all) {
  const out = ['across runtimes'];
  if (all.some((r) => r.time)) out.push('', summaryTable(all));
  if (all.some((r) => r.load)) out.push('', 'load, require() timed inside a fresh process, medians:', loadTable(all));
  return out.join('\n');
}

module.exports = { updateReadmes, crossRuntimeText, summaryTable, loadTable, speedSection, readResults };
