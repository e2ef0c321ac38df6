'use strict';
// vdsoTracer() with the real OpenTelemetry SDK, 2.x (@opentelemetry/sdk-trace-base,
// any supported Node) and 3.x (@opentelemetry/sdk-trace, Node 22.15 and later;
// a project of its own in test/fixtures/otel3, installed by npm test's pretest):
// spans 100 us long and 100 us apart keep their order and a nonzero duration,
// each end stamped by the package's CLOCK_REALTIME between our own readings.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const vdso = require('..');
const { kernelNs, nsOfPair } = require('./helpers/kernel-clock');

const { CLOCK_REALTIME, vdsoTracer, otelHrTime } = vdso;

// Busy-waits until CLOCK_REALTIME has moved on by `ns`.
function spin(ns) {
  const until = kernelNs(CLOCK_REALTIME) + BigInt(ns);
  while (kernelNs(CLOCK_REALTIME) < until);
}

const sdks = [
  {
    name: '2.x (@opentelemetry/sdk-trace-base)',
    load: () => require('@opentelemetry/sdk-trace-base'),
    provider: (sdk, exporter) => new sdk.BasicTracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] }),
  },
  {
    name: '3.x (@opentelemetry/sdk-trace)',
    needs: [22, 15],
    load: () => require(path.join(__dirname, 'fixtures', 'otel3', 'node_modules', '@opentelemetry', 'sdk-trace')),
    // 3.x takes the processor's options as an object.
    provider: (sdk, exporter) => new sdk.TracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor({ exporter })] }),
  },
];

const nodeAtLeast = ([major, minor]) => {
  const [a, b] = process.versions.node.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

for (const s of sdks) {
  test(`OpenTelemetry SDK ${s.name}: back-to-back spans 100 us apart keep their order and their length`, async (t) => {
    if (s.needs && !nodeAtLeast(s.needs)) {
      t.skip(`the SDK ${s.name} supports Node ${s.needs.join('.')} and later; this is ${process.version}`);
      return;
    }
    const sdk = s.load();
    const exporter = new sdk.InMemorySpanExporter();
    const provider = s.provider(sdk, exporter);
    const tracer = vdsoTracer(provider.getTracer('vdso-test'));
    const around = [];
    for (let i = 0; i < 20; i++) {
      const before = kernelNs(CLOCK_REALTIME);
      const span = i % 2 ? tracer.startSpan(`span ${i}`) : tracer.startActiveSpan(`span ${i}`, (sp) => sp);
      spin(100_000);
      const beforeEnd = kernelNs(CLOCK_REALTIME);
      span.end();
      const after = kernelNs(CLOCK_REALTIME);
      around.push({ before, beforeEnd, after });
      spin(100_000);
    }
    await provider.forceFlush();  // 3.x hands ended spans to the exporter asynchronously
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 20);
    let prevStart = -1n;
    spans.forEach((span, i) => {
      assert.equal(span.name, `span ${i}`);
      const start = nsOfPair(span.startTime);
      const end = nsOfPair(span.endTime);
      const { before, beforeEnd, after } = around[i];
      assert.ok(before <= start && start <= beforeEnd, `span ${i} started at ${start}, outside [${before}, ${beforeEnd}]`);
      assert.ok(beforeEnd <= end && end <= after, `span ${i} ended at ${end}, outside [${beforeEnd}, ${after}]`);
      assert.ok(start > prevStart, `span ${i} starts before span ${i - 1}`);
      prevStart = start;
      // The SDK's own duration: nonzero, and at least the 100 us spun (same clock, so a lower bound that holds).
      const duration = nsOfPair(span.duration);
      assert.equal(duration, end - start);
      assert.ok(duration >= 100_000n, `span ${i} lasted ${duration} ns`);
    });
  });
}

test('vdsoTracer keeps times the caller gives, and the tracer\'s other methods', async () => {
  const sdk = require('@opentelemetry/sdk-trace-base');
  const exporter = new sdk.InMemorySpanExporter();
  const provider = new sdk.BasicTracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] });
  const plain = provider.getTracer('vdso-test');
  const tracer = vdsoTracer(plain);
  const start = otelHrTime();
  const end = [start[0] + 1, start[1]];
  tracer.startSpan('given', { startTime: start }).end(end);
  tracer.startActiveSpan('given active', { startTime: start }, require('@opentelemetry/api').ROOT_CONTEXT, (sp) => sp.end(end));
  await provider.forceFlush();
  assert.equal(exporter.getFinishedSpans().length, 2);
  for (const span of exporter.getFinishedSpans()) {
    assert.deepEqual(span.startTime, start, span.name);
    assert.deepEqual(span.endTime, end, span.name);
    assert.deepEqual(span.duration, [1, 0], span.name);
  }
  assert.equal(Object.getPrototypeOf(tracer), plain);
});

test('vdsoTracer(tracer, { clockBound: true }): each span starts at boundedNow()\'s reading and carries the kernel\'s maxerror', async () => {
  const sdk = require('@opentelemetry/sdk-trace-base');
  const exporter = new sdk.InMemorySpanExporter();
  const provider = sdks[0].provider(sdk, exporter);
  const tracer = vdsoTracer(provider.getTracer('vdso-test'), { clockBound: true });
  const around = [];
  for (let i = 0; i < 10; i++) {
    const m0 = vdso.timeStatus().maxErrorUs;
    const before = kernelNs(CLOCK_REALTIME);
    const span = i % 2 ? tracer.startSpan(`span ${i}`, { attributes: { mine: i } }) : tracer.startActiveSpan(`span ${i}`, (sp) => sp);
    const after = kernelNs(CLOCK_REALTIME);
    span.end();
    around.push({ before, after, m0, m1: vdso.timeStatus().maxErrorUs });
  }
  const spans = exporter.getFinishedSpans();
  assert.equal(spans.length, 10);
  spans.forEach((span, i) => {
    const { before, after, m0, m1 } = around[i];
    const start = nsOfPair(span.startTime);
    assert.ok(before <= start && start <= after, `span ${i} started at ${start}, outside [${before}, ${after}]`);
    const err = span.attributes['vdso.clock.max_error_ns'];
    assert.ok(err === m0 * 1000 || err === m1 * 1000, `span ${i}: max_error_ns ${err}, kernel maxerror ${m0}..${m1} us`);
    assert.equal(span.attributes['vdso.clock.synchronized'], vdso.timeStatus().synchronized);
    if (i % 2) assert.equal(span.attributes.mine, i, 'the caller\'s attributes are kept');
  });
  const plain = vdso.otelClockAttributes();
  assert.deepEqual(Object.keys(plain), ['vdso.clock.synchronized', 'vdso.clock.max_error_ns']);
});
