#!/usr/bin/env node
'use strict';
// Reads the serial consoles the harness saved (out/runs/ARCH-SET-KIND.log and
// .meta), judges every step, saves each live vDSO image as a fixture, and
// prints a table per boot and one line per architecture:
//   ARCH: PASS (clock_gettime via SYMBOL@VERSION ...)   or   ARCH: FAIL why
// Exit status 1 when any architecture failed.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const runsDir = args.runs;
const fixturesDir = args.fixtures;
const outDir = args.out || path.dirname(runsDir);
const arches = (args.arches || 'x86_64 arm64 armhf ppc64le s390x riscv64').split(/\s+/).filter(Boolean);

// Where each architecture's prebuild lives (lib/binding.ts's prebuildFor).
// Where the coarse clocks must come from the vDSO data page with no call.
const ZERO_CALL_ARCHES = ['x86_64', 'arm64'];
const PREBUILD_DIR = { x86_64: 'linux-x64', arm64: 'linux-arm64', armhf: 'linux-arm', ppc64le: 'linux-ppc64', s390x: 'linux-s390x' };

function readMeta(file) {
  const meta = {};
  if (!fs.existsSync(file)) return meta;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([a-z_]+)=(.*)$/.exec(line);
    if (m) meta[m[1]] = m[2];
  }
  return meta;
}

function fnv1a64(buf) {
  let h = 0xcbf29ce484222325n;
  for (const b of buf) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

// Splits a console into steps: { name: { lines, status, rc, secs } }.
function parseConsole(text) {
  const lines = text.replace(/\r/g, '').split('\n');
  const steps = {};
  const order = [];
  let cur = null;
  let initStart = null;
  let initDone = false;
  const kernelTail = [];
  for (const raw of lines) {
    // A console line can carry a kernel message glued on; markers are matched anywhere.
    const line = raw;
    let m;
    if ((m = /@@init-start (.*)$/.exec(line))) initStart = m[1];
    if (/@@init-done/.test(line)) initDone = true;
    if ((m = /@@step-begin (\S+)/.exec(line))) {
      cur = { name: m[1], lines: [], status: 'unfinished' };
      steps[m[1]] = cur;
      order.push(m[1]);
      continue;
    }
    if ((m = /@@step-end (\S+) (.*)$/.exec(line))) {
      const s = steps[m[1]];
      if (s) {
        const kv = Object.fromEntries(m[2].split(/\s+/).map((x) => x.split('=')));
        s.rc = kv.rc !== undefined ? Number(kv.rc) : null;
        s.status = kv.status || (s.rc === 0 ? 'ok' : 'rc-' + s.rc);
        s.secs = Number(kv.secs);
      }
      cur = null;
      continue;
    }
    if (cur) cur.lines.push(line);
    else if (!initStart) {
      kernelTail.push(line);
      if (kernelTail.length > 25) kernelTail.shift();
    }
  }
  return { steps, order, initStart, initDone, kernelTail, lines };
}

function checksOf(lines) {
  const r = { ok: 0, fail: [] };
  for (const l of lines) {
    if (l.startsWith('ok   ')) r.ok++;
    else if (l.startsWith('FAIL ')) r.fail.push(l.slice(5).trim());
  }
  return r;
}

// "; slowest: A 61.2 s, B 40.1 s" from the walker tests' per-test times.
function slowest(times, n = 3) {
  const top = [...times].sort((a, b) => b.secs - a.secs).slice(0, n).filter((t) => t.secs >= 1);
  return top.length ? '; slowest: ' + top.map((t) => `${t.test} ${t.secs.toFixed(1)} s`).join(', ') : '';
}

function tagged(lines, tag) {
  const out = [];
  const re = new RegExp('^@@' + tag + '(?: (.*))?$');
  for (const l of lines) {
    const m = re.exec(l);
    if (m) out.push(m[1] || '');
  }
  return out;
}

function saveImage(lines, arch, upstream, notes) {
  const b = lines.findIndex((l) => l.startsWith('@@image-begin'));
  const e = lines.findIndex((l) => l.startsWith('@@image-end'));
  if (b < 0 || e < b) return { error: 'no image dump in the console' };
  const m = /size=(\d+) fnv1a64=([0-9a-f]+)/.exec(lines[b]);
  const bytes = Buffer.from(lines.slice(b + 1, e).join('').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (!m || bytes.length !== Number(m[1]) || fnv1a64(bytes) !== m[2])
    return { error: `image transfer damaged (${bytes.length} bytes, fnv ${fnv1a64(bytes)}; console said ${lines[b]})` };
  fs.mkdirSync(fixturesDir, { recursive: true });
  const file = path.join(fixturesDir, `${arch}-linux-${upstream}-vdso.so`);
  fs.writeFileSync(file, bytes);
  try {
    const re = execFileSync('readelf', ['-h', '-l', '-d', '--dyn-syms', '-V', '-W', file], { encoding: 'utf8' });
    fs.writeFileSync(file + '.readelf.txt', re);
  } catch (err) {
    notes.push(`readelf failed on ${file}: ${err.message}`);
  }
  return { file, size: bytes.length };
}

function judge(arch, set, kind) {
  const base = path.join(runsDir, `${arch}-${set}-${kind}`);
  const meta = readMeta(base + '.log.meta');
  const run = { arch, set, kind, meta, problems: [], notes: [], facts: {} };
  if (meta.status === 'no-kernel') {
    run.skipped = 'no kernel';
    return run;
  }
  if (!fs.existsSync(base + '.log')) {
    run.skipped = meta.status || 'not run';
    return run;
  }
  const con = parseConsole(fs.readFileSync(base + '.log', 'utf8'));
  run.secs = Number(meta.secs);
  if (!con.initStart) {
    run.problems.push(`the kernel never started /init (${meta.status}); console ends: ${con.kernelTail.filter(Boolean).slice(-3).join(' | ')}`);
    return run;
  }
  run.facts.uname = con.initStart;
  if (!con.initDone) {
    const stuck = con.order.find((n) => con.steps[n].status === 'unfinished');
    run.problems.push(`/init did not finish (${meta.status} after ${meta.secs} s${stuck ? ', in step ' + stuck : ''})`);
  }
  for (const name of con.order) {
    const s = con.steps[name];
    const c = checksOf(s.lines);
    const stepInfo = { status: s.status, secs: s.secs, ok: c.ok, fail: c.fail.length };
    run.facts['step:' + name] = stepInfo;
    if (name === 'probe' || name === 'probe-t64') {
      const tagsOf = (t) => tagged(s.lines, t);
      const prefix = name === 'probe' ? '' : 't64 ';
      for (const f of c.fail) run.problems.push(`${prefix}probe: ${f}`);
      if (!tagsOf('result').length) run.problems.push(`${prefix}probe did not finish (${s.status})`);
      else if (c.fail.length === 0 && s.rc !== 0) run.problems.push(`${prefix}probe exited ${s.status}`);
      if (name === 'probe') {
        run.facts.soname = tagsOf('soname')[0];
        run.facts.versions = tagsOf('versions')[0];
        run.facts.clocksource = tagsOf('clocksource')[0];
        run.facts.pageSize = tagsOf('page-size')[0];
        run.facts.hash = tagsOf('hash')[0];
        run.facts.symbols = tagsOf('symbol').length;
        run.facts.fns = {};
        for (const f of tagsOf('fn')) {
          const [fn, p, sym, addr] = f.split(' ');
          run.facts.fns[fn] = { path: p, sym, addr, reason: f.split(' | ')[1] };
        }
        const g = tagsOf('getrandom')[0] || '';
        run.facts.getrandom = g.split(' ')[0] || 'unknown';
        run.facts.getrandomText = g;
        const cg64 = tagsOf('clock_gettime64')[0];
        if (cg64) run.facts.clock_gettime64 = cg64;
        if (kind === 'base') {
          const img = saveImage(s.lines, arch, meta.kernel_upstream || set, run.notes);
          if (img.error) run.problems.push(img.error);
          else run.facts.fixture = img.file;
        }
      }
    } else if (name === 'timex' || name === 'timex-t64') {
      // The clock discipline set to known values and read back (vdso_probe --timex).
      for (const f of c.fail) run.problems.push(`${name}: ${f}`);
      if (!tagged(s.lines, 'result').length) run.problems.push(`${name} did not finish (${s.status})`);
      else if (c.fail.length === 0 && s.rc !== 0) run.problems.push(`${name} exited ${s.status}`);
      const t = tagged(s.lines, 'timex')[0];
      if (t) run.facts[name] = t;
    } else if (name === 'walker-tests') {
      const failed = [];
      const times = [];
      let total = null;
      for (const l of s.lines) {
        let m;
        if ((m = /^(ok  |FAIL) (\S+) \(\d+ checks, ([\d.]+) s\)/.exec(l))) {
          times.push({ test: m[2], secs: Number(m[3]) });
          if (m[1] === 'FAIL') failed.push(m[2]);
        }
        if ((m = /^(\d+) tests, (\d+) checks, (\d+) failures, (\d+)-bit/.exec(l))) total = { tests: +m[1], checks: +m[2], failures: +m[3], bits: +m[4] };
      }
      const firstMsg = {};
      for (const l of s.lines) {
        const m = /\[(\w+)\] CHECK\((.*)\) failed: ?(.*)$/.exec(l);
        if (m && !firstMsg[m[1]]) firstMsg[m[1]] = `CHECK(${m[2]}) ${m[3]}`.trim();
      }
      run.facts.walker = { total, failed, firstMsg, times };
      if (!total) {
        // Where it stopped, and where the time went: what a timeout needs to be judged by.
        const last = times.length ? `; ${times.length} done, the last to finish ${times[times.length - 1].test}` : '';
        run.problems.push(`walker tests did not finish (${s.status}${s.secs ? ' after ' + s.secs + ' s' : ''}${last}${slowest(times)})`);
      }
      for (const t of failed) run.problems.push(`walker test ${t} failed: ${firstMsg[t] || '(no message)'}`);
      if (total && total.failures && !failed.length) run.problems.push(`walker tests: ${total.failures} failed checks`);
    } else if (name.startsWith('node-suite-')) {
      // node:test's TAP summary: every test passed, none skipped unseen.
      const n = (re) => Number((s.lines.map((l) => re.exec(l)).find(Boolean) || [])[1] ?? NaN);
      const pass = n(/^# pass (\d+)/), fail = n(/^# fail (\d+)/), skipped = n(/^# skipped (\d+)/);
      stepInfo.ok = pass;
      stepInfo.fail = fail;
      run.facts[name] = { pass, fail, skipped };
      const notOk = s.lines.filter((l) => /^\s*not ok /.test(l)).map((l) => l.trim());
      if (!(pass > 0) || fail !== 0 || s.status !== 'ok')
        run.problems.push(`${name.slice(5)}: ${Number.isNaN(pass) ? 'no TAP summary' : `${pass} passed, ${fail} failed`} (${s.status})${notOk.length ? ': ' + notOk.slice(0, 2).join('; ') : ''}`);
    } else if (name.startsWith('node')) {
      const nodeLine = tagged(s.lines, 'node')[0];
      const loaded = tagged(s.lines, 'node-loaded')[0];
      if (nodeLine) run.facts[name + ':node'] = nodeLine;
      if (loaded) run.facts[name + ':loaded'] = loaded;
      const be = tagged(s.lines, 'node-backend').find((x) => x.startsWith('clock_gettime '));
      if (be) run.facts[name + ':clock_gettime'] = be;
      const req = tagged(s.lines, 'node-require-failed')[0];
      if (req) run.problems.push(`${name}: require failed: ${req}`);
      else for (const f of c.fail) run.problems.push(`${name}: ${f}`);
      // The package must take its native addon and the vDSO: the prebuild as
      // installed (node-probe), or the addon cross-built from source (node-probe-src).
      if (!req && (name === 'node-probe' || name === 'node-probe-src')) {
        const want = name === 'node-probe' ? `/prebuilds/${PREBUILD_DIR[arch]}/` : '/build/Release/';
        const lb = (/backend=(\S+)/.exec(loaded || '') || [])[1];
        const lp = (/path=(\S+)/.exec(loaded || '') || [])[1] || '';
        if (lb !== 'native' || !lp.includes(want)) run.problems.push(`${name}: loaded ${loaded || 'nothing'}, not the native addon under ${want}`);
        else if (!be || be.split(' ')[1] !== 'vdso') run.problems.push(`${name}: clock_gettime is served by ${be || '?'}, not the vDSO`);
        // The zero-call coarse clocks: known data-page layouts for these two (issue 12).
        const coarse = tagged(s.lines, 'node-backend').find((x) => x.startsWith('clock_gettime_coarse '));
        if (coarse) run.facts[name + ':coarse'] = coarse;
        if (ZERO_CALL_ARCHES.includes(arch) && (!coarse || coarse.split(' ')[1] !== 'data-page'))
          run.problems.push(`${name}: the coarse clocks are not zero-call here: ${coarse || 'no clock_gettime_coarse backend'}`);
      }
      if (name === 'node-cli') {
        if (s.rc !== 0) run.problems.push(`node-cli (vdso info) exited ${s.status}: ${s.lines.filter(Boolean).slice(-2).join(' | ')}`);
      } else if (!tagged(s.lines, 'node-result').length) {
        run.problems.push(`${name}: did not finish (${s.status}): ${s.lines.filter(Boolean).slice(-3).join(' | ')}`);
      }
    } else if (s.status !== 'ok') run.problems.push(`step ${name}: ${s.status}`);
  }
  for (const need of kind === 'base' ? ['probe', 'walker-tests', 'timex'] : ['node-probe', 'timex', 'node-time-status'])
    if (!con.steps[need]) run.problems.push(`step ${need} never started`);
  return run;
}

const sets = ['bookworm', 'trixie', 'bpo'];
const files = fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : [];
const runs = [];
for (const arch of arches) {
  for (const f of files) {
    const m = new RegExp(`^${arch}-(\\w+)-(base|node)\\.log\\.meta$`).exec(f);
    if (m) runs.push(judge(arch, m[1], m[2]));
  }
}
runs.sort((a, b) => arches.indexOf(a.arch) - arches.indexOf(b.arch) || sets.indexOf(a.set) - sets.indexOf(b.set) || a.kind.localeCompare(b.kind));

const out = [];
const say = (s = '') => out.push(s);
say('boot                         kernel                                       secs  result');
for (const r of runs) {
  const k = r.meta.kernel_package ? `${r.meta.kernel_package} ${r.meta.kernel_version}` : '-';
  const res = r.skipped ? `skipped (${r.skipped})` : r.problems.length ? `FAIL (${r.problems.length})` : 'pass';
  say(`${(r.arch + '/' + r.set + '/' + r.kind).padEnd(28)} ${k.padEnd(44)} ${String(r.secs ?? '-').padStart(4)}  ${res}`);
}
say();
for (const r of runs) {
  if (r.skipped) continue;
  say(`--- ${r.arch}/${r.set}/${r.kind}: ${r.meta.kernel_package || '?'} ${r.meta.kernel_version || ''}; ${r.facts.uname || 'no /init'}`);
  const f = r.facts;
  if (f.soname) say(`    soname ${f.soname}; versions ${f.versions}; ${f.hash}; ${f.symbols} symbols; clocksource ${f.clocksource}; page ${f.pageSize}`);
  if (f.fns) for (const [fn, v] of Object.entries(f.fns)) say(`    ${fn.padEnd(14)} ${v.path.padEnd(8)} ${v.reason}`);
  if (f.clock_gettime64) say(`    clock_gettime64 ${f.clock_gettime64}`);
  if (f.getrandomText) say(`    getrandom: ${f.getrandomText}`);
  for (const [k, v] of Object.entries(f)) if (k.startsWith('step:')) say(`    ${k.slice(5).padEnd(16)} ${v.status}${Number.isFinite(v.secs) ? ` in ${v.secs} s` : ''}: ${v.ok} ok, ${v.fail} failed`);
  if (f.walker && f.walker.total) say(`    walker tests: ${f.walker.total.tests} tests, ${f.walker.total.checks} checks, ${f.walker.total.failures} failed checks (${f.walker.total.bits}-bit); failed tests: ${f.walker.failed.join(', ') || 'none'}${slowest(f.walker.times)}`);
  for (const k of Object.keys(f)) if (/^node.*:(node|loaded|clock_gettime|coarse)$/.test(k)) say(`    ${k}: ${f[k]}`);
  for (const k of ['timex', 'timex-t64']) if (f[k]) say(`    ${k.padEnd(16)} ${f[k]}`);
  if (f.fixture) say(`    image saved: ${path.relative(process.cwd(), f.fixture)}`);
  for (const p of r.problems) say(`    PROBLEM ${p}`);
  for (const n of r.notes) say(`    note    ${n}`);
}
say();
let anyFail = false;
const lines = [];
for (const arch of arches) {
  const mine = runs.filter((r) => r.arch === arch && !r.skipped);
  if (!mine.length) {
    anyFail = true;
    lines.push(`${arch}: FAIL no kernel was booted (fetch and build first)`);
    continue;
  }
  const bad = mine.filter((r) => r.problems.length);
  if (bad.length) {
    anyFail = true;
    lines.push(`${arch}: FAIL ${bad.map((r) => `${r.set}/${r.kind} (${r.meta.kernel_upstream}): ${r.problems[0]}${r.problems.length > 1 ? ` (+${r.problems.length - 1} more)` : ''}`).join('; ')}`);
    continue;
  }
  const probe = mine.find((r) => r.kind === 'base' && r.facts.fns) || mine.find((r) => r.facts.fns);
  const cg = probe && probe.facts.fns.clock_gettime;
  const kernels = [...new Set(mine.filter((r) => r.kind === 'base').map((r) => r.meta.kernel_upstream))];
  const grand = mine.filter((r) => r.kind === 'base' && r.facts.getrandom === 'present').map((r) => r.meta.kernel_upstream);
  const parts = [`clock_gettime via ${cg ? cg.sym : '?'}`, `Linux ${kernels.join(', ')}`];
  parts.push(grand.length ? `vDSO getrandom on ${grand.join(', ')}` : `no vDSO getrandom (${probe ? probe.facts.getrandomText : '?'})`);
  const w = mine.filter((r) => r.facts.walker && r.facts.walker.total);
  if (w.length) parts.push(`walker tests pass (${w.map((r) => r.facts.walker.total.tests).join(', ')} tests)`);
  if (mine.some((r) => r.facts['step:probe-t64'])) parts.push('_TIME_BITS=64 probe passes');
  const timex = mine.find((r) => r.facts.timex);
  if (timex) parts.push(`clock discipline set and read back (${(/syscall=(\S+)/.exec(timex.facts.timex) || [])[1]}${mine.some((r) => r.facts['timex-t64']) ? ', clock_adjtime64 too' : ''})`);
  const nodeRun = mine.find((r) => r.kind === 'node');
  if (!nodeRun && args.node !== 'no' && PREBUILD_DIR[arch]) {
    anyFail = true;
    lines.push(`${arch}: FAIL Node ships for ${arch} but no Node image was booted (was Node fetched?)`);
    continue;
  }
  if (nodeRun) {
    const nl = nodeRun.facts['node-probe:node'] || '';
    const ld = nodeRun.facts['node-probe:loaded'] || '';
    const cgn = nodeRun.facts['node-probe:clock_gettime'] || '';
    parts.push(`Node ${(/version=(\S+)/.exec(nl) || [])[1] || '?'} runs, package ${(/backend=(\S+)/.exec(ld) || [])[1] || '?'} backend, clock_gettime ${cgn.split(' ').slice(1, 3).join(' ') || '?'}, coarse clocks ${(nodeRun.facts['node-probe:coarse'] || '').split(' ')[1] || '?'}`);
    const suites = Object.entries(nodeRun.facts).filter(([k]) => k.startsWith('node-suite-'));
    if (suites.length) parts.push(`suites ${suites.map(([k, v]) => `${k.slice(11)} ${v.pass}/${v.pass + v.fail}${v.skipped ? ` (${v.skipped} skipped)` : ''}`).join(', ')}`);
    if (nodeRun.facts['node-probe-src:loaded']) {
      const cgs = nodeRun.facts['node-probe-src:clock_gettime'] || '';
      parts.push(`addon built from source: ${(/backend=(\S+)/.exec(nodeRun.facts['node-probe-src:loaded']) || [])[1]}, clock_gettime ${cgs.split(' ').slice(1, 3).join(' ') || '?'}`);
    }
  }
  lines.push(`${arch}: PASS (${parts.join('; ')})`);
}
for (const l of lines) say(l);
const text = out.join('\n') + '\n';
process.stdout.write(text);
fs.writeFileSync(path.join(outDir, 'summary.txt'), text);
fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(runs, null, 1));
process.exit(anyFail ? 1 : 0);
