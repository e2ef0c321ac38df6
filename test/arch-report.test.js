'use strict';
// The architecture harness's report (test/arch/lib/parse.js) on consoles made
// here: a VM killed inside the walker tests must say where it stopped and
// where the time went, and a failed walker test must be named with its check.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const PARSE = path.join(__dirname, 'arch', 'lib', 'parse.js');

function report(consoleLines, meta) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-arch-report-'));
  const runs = path.join(dir, 'runs');
  fs.mkdirSync(runs);
  fs.writeFileSync(path.join(runs, 's390x-bpo-base.log'), consoleLines.join('\n') + '\n');
  fs.writeFileSync(path.join(runs, 's390x-bpo-base.log.meta'), Object.entries(meta).map(([k, v]) => `${k}=${v}\n`).join(''));
  const r = spawnSync(process.execPath, [PARSE, '--runs', runs, '--fixtures', path.join(dir, 'fx'), '--arches', 's390x', '--out', dir, '--node', 'no'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

const META = { kernel_package: 'linux-binary-test', kernel_version: 'test', kernel_upstream: '7.2.13', kind: 'base', mem: 512, limit: 600 };

test('a VM killed inside the walker tests names the step, the last test to finish and the slowest', () => {
  const r = report(
    ['@@init-start Linux test', '@@step-begin walker-tests', 'ok   Quick (10 checks, 0.2 s)', 'ok   Slow (900 checks, 50.0 s)', 'ok   Middle (99 checks, 3.0 s)'],
    { ...META, status: 'timeout', secs: 600 },
  );
  assert.strictEqual(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^s390x: FAIL bpo\/base \(7\.2\.13\): \/init did not finish \(timeout after 600 s, in step walker-tests\)/m);
  assert.match(r.stdout, /walker tests did not finish \(unfinished; 3 done, the last to finish Middle; slowest: Slow 50\.0 s, Middle 3\.0 s\)/);
  assert.match(r.stdout, /walker-tests {5}unfinished: 3 ok, 0 failed/, 'an unfinished step has no time to print');
});

test('a failed walker test is named with its first failed check', () => {
  const r = report(
    [
      '@@init-start Linux test',
      '@@step-begin walker-tests',
      'ok   Quick (10 checks, 0.2 s)',
      'x.cc:1: [Broken] CHECK(a == b) failed: 1 != 2',
      'FAIL Broken (5 checks, 1.5 s)',
      '2 tests, 15 checks, 1 failures, 64-bit',
      '@@step-end walker-tests rc=1 secs=2',
      '@@init-done',
    ],
    { ...META, status: 'exit-0', secs: 20 },
  );
  assert.strictEqual(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /PROBLEM walker test Broken failed: CHECK\(a == b\) 1 != 2/);
  assert.match(r.stdout, /failed tests: Broken; slowest: Broken 1\.5 s\n/);
  assert.doesNotMatch(r.stdout, /\/init did not finish/);
});

test('the clock-discipline step: a failed check is named, and a boot without it fails', () => {
  const r = report(
    [
      '@@init-start Linux test',
      '@@step-begin probe', '@@result checks=0 failures=0', '@@step-end probe rc=0 secs=1',
      '@@step-begin walker-tests', 'ok   Quick (10 checks, 0.2 s)', '1 tests, 10 checks, 0 failures, 64-bit', '@@step-end walker-tests rc=0 secs=1',
      '@@step-begin timex',
      'FAIL  esterror 0, TAI 0, freq 0: the values set',
      '@@timex syscall=clock_adjtime state=5 status=0x40 maxerror=16000000 esterror=0 tai=0 freq=0 offset=0',
      '@@result checks=1 failures=1',
      '@@step-end timex rc=1 secs=1',
      '@@init-done',
    ],
    { ...META, status: 'exit-0', secs: 20 },
  );
  assert.strictEqual(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /PROBLEM timex: esterror 0, TAI 0, freq 0: the values set/);
  assert.match(r.stdout, /timex {12}syscall=clock_adjtime state=5/);
  const without = report(['@@init-start Linux test', '@@step-begin walker-tests', '1 tests, 10 checks, 0 failures, 64-bit', '@@step-end walker-tests rc=0 secs=1', '@@init-done'],
    { ...META, status: 'exit-0', secs: 20 });
  assert.match(without.stdout, /PROBLEM step timex never started/);
});
