'use strict';
// `vdso inspect` on things that are not images: exit 1, a message naming the
// file and what is wrong (and where, for a malformed image), and with --json
// still one parseable document.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runCli } = require('./helpers/cli');

const GOOD = path.join(__dirname, 'fixtures', 'x86_64-linux-6.1-vdso64.so');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-cli-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const whole = fs.readFileSync(GOOD);
const files = {
  missing: path.join(dir, 'no-such.so'),
  directory: path.join(dir, 'a-directory'),
  empty: path.join(dir, 'empty.so'),
  text: path.join(dir, 'notes.txt'),
  headerCut: path.join(dir, 'header-cut.so'),
  segmentCut: path.join(dir, 'segment-cut.so'),
  executable: path.join(dir, 'not-shared.so'),
};
fs.mkdirSync(files.directory);
fs.writeFileSync(files.empty, '');
fs.writeFileSync(files.text, 'this is a text file, not an ELF image\n');
fs.writeFileSync(files.headerCut, whole.subarray(0, 100));
fs.writeFileSync(files.segmentCut, whole.subarray(0, whole.length - 2000));
const exec = Buffer.from(whole);
exec.writeUInt16LE(2, 16);  // e_type ET_EXEC
fs.writeFileSync(files.executable, exec);

const expectations = [
  ['missing', /no-such\.so: cannot read: no such file \(ENOENT\)/, 'ENOENT'],
  ['directory', /a-directory: cannot read: is a directory \(EISDIR\)/, 'EISDIR'],
  ['empty', /empty\.so: not an ELF image: the file is empty \(ERR_VDSO_EMPTY_FILE\)/, 'ERR_VDSO_EMPTY_FILE'],
  ['text', /notes\.txt: not a valid ELF image: not an ELF image \(bad magic\) at offset 0x0 of 38 bytes \(ERR_VDSO_INVALID_IMAGE\)/, 'ERR_VDSO_INVALID_IMAGE'],
  ['headerCut', /header-cut\.so: not a valid ELF image: program header table outside the image at offset 0x20 of 100 bytes \(ERR_VDSO_INVALID_IMAGE\)/, 'ERR_VDSO_INVALID_IMAGE'],
  ['segmentCut', /segment-cut\.so: not a valid ELF image: PT_LOAD segment extends past the end of the image \(truncated\) at offset 0x40/, 'ERR_VDSO_INVALID_IMAGE'],
  ['executable', /not-shared\.so: not a valid ELF image: not a shared object .* at offset 0x10/, 'ERR_VDSO_INVALID_IMAGE'],
];

// One shape for every error: `vdso COMMAND: SUBJECT: what is wrong (CODE)`, on one line.
const ONE_LINE = /^vdso [a-z]+: [^\n]+ \((E[A-Z]+|ERR_[A-Z_]+)\)\n$/;

for (const [kind, message, code] of expectations) {
  test(`inspect of a ${kind} file exits 1 and says what and where`, () => {
    const r = runCli(['inspect', files[kind]]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
    assert.match(r.stderr, ONE_LINE);
    const j = runCli(['inspect', '--json', files[kind]]);
    assert.equal(j.status, 1);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.file, files[kind]);
    assert.equal(doc.error.code, code);
    assert.match(doc.error.message, message);
    if (code === 'ERR_VDSO_INVALID_IMAGE') assert.equal(typeof doc.error.offset, 'number');
  });
}

test('with several files, good ones are described in order and a bad one fails the run', () => {
  const r = runCli(['inspect', '--json', GOOD, files.text, GOOD]);
  assert.equal(r.status, 1);
  const docs = JSON.parse(r.stdout);
  assert.deepEqual(docs.map((d) => [d.file, 'error' in d]), [[GOOD, false], [files.text, true], [GOOD, false]]);
  assert.equal(docs[0].abi, 'x86_64');
  const text = runCli(['inspect', GOOD, files.missing]);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /__vdso_clock_gettime@@LINUX_2\.6/);
  assert.match(text.stderr, /no-such\.so/);
});

test('inspect - reads the image from stdin', () => {
  const r = runCli(['inspect', '--json', '-'], { input: whole });
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.file, '-');
  assert.equal(doc.size, whole.length);
  assert.equal(doc.abi, 'x86_64');
});
