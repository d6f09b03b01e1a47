import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeTracesJson } from '@otel-lab/otlp';
import { createTraceReader } from '../query/jaeger/trace-reader.js';
import { openTelemetryStore } from './telemetry-store.js';

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/**
 * 5,000 spans: more than two of DuckDB's 2,048-row chunks, with the nullable columns (parent,
 * http route and status) present on some rows and absent on others, in runs that cross chunks.
 */
function spans() {
  return Array.from({ length: 5000 }, (_, n) => {
    const routed = Math.floor(n / 700) % 2 === 0;
    return {
      traceId: `ff${hex(n + 1, 30)}`,
      spanId: `80${hex(n + 1, 14)}`,
      ...(n % 3 === 0 ? {} : { parentSpanId: hex(n, 16) }),
      name: `op ${n} ${'é'.repeat(n % 20)}`,
      startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n)),
      endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n) + 1000n),
      attributes: routed
        ? [
            { key: 'http.route', value: { stringValue: `/r/${n}` } },
            { key: 'http.response.status_code', value: { intValue: String(200 + (n % 5)) } },
          ]
        : [],
    };
  });
}

test('a batch of many chunks stores every cell, NULL where a value is absent', async () => {
  const store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'append-')) });
  try {
    const sent = spans();
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: sent }] }] });
    await store.writeSpans(decodeTracesJson(Buffer.from(body)).items);
    const rows = (
      await store.reader.runAndReadAll(
        `SELECT lpad(to_hex(trace_id), 32, '0') AS trace, lpad(to_hex(span_id), 16, '0') AS span,
                CASE WHEN parent_span_id IS NULL THEN NULL
                     ELSE lpad(to_hex(parent_span_id), 16, '0') END AS parent,
                name, http_route, http_status_code, duration_ns
         FROM spans ORDER BY rowid`,
      )
    ).getRowObjects();
    assert.equal(rows.length, sent.length);
    rows.forEach((row, n) => {
      const span = sent[n];
      assert.ok(span);
      const routed = span.attributes.length > 0;
      assert.deepEqual(
        {
          trace: String(row.trace).toLowerCase(),
          span: String(row.span).toLowerCase(),
          parent: row.parent === null ? null : String(row.parent).toLowerCase(),
          name: row.name,
          route: row.http_route,
          status: row.http_status_code,
          duration: row.duration_ns,
        },
        {
          trace: span.traceId,
          span: span.spanId,
          parent: span.parentSpanId ?? null,
          name: span.name,
          route: routed ? `/r/${n}` : null,
          status: routed ? 200 + (n % 5) : null,
          duration: 1000n,
        },
        `row ${n}`,
      );
    });
  } finally {
    store.close();
  }
});

test('end_ns is stored only for a span that ends before it starts; both read back', async () => {
  const store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'append-end-')) });
  try {
    const spans = [
      {
        traceId: `${'1'.repeat(32)}`,
        spanId: '1'.repeat(16),
        name: 'normal',
        startTimeUnixNano: '1000',
        endTimeUnixNano: '1500',
      },
      {
        traceId: `${'2'.repeat(32)}`,
        spanId: '2'.repeat(16),
        name: 'backwards',
        startTimeUnixNano: '1000',
        endTimeUnixNano: '900',
      },
    ];
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    await store.writeSpans(decodeTracesJson(Buffer.from(body)).items);
    const stored = (
      await store.reader.runAndReadAll('SELECT name, end_ns, duration_ns FROM spans ORDER BY name')
    ).getRowObjects();
    assert.deepEqual(stored, [
      { name: 'backwards', end_ns: 900n, duration_ns: 0n },
      { name: 'normal', end_ns: null, duration_ns: 500n },
    ]);
    const read = await createTraceReader(store.reader).readTraces([
      BigInt(`0x${'1'.repeat(32)}`),
      BigInt(`0x${'2'.repeat(32)}`),
    ]);
    assert.deepEqual(
      read.map((span) => [span.name, span.endNs]),
      [
        ['normal', 1500n],
        ['backwards', 900n],
      ],
    );
  } finally {
    store.close();
  }
});
