import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeLogsJson } from '@otel-lab/otlp';
import { openTelemetryStore } from './telemetry-store.js';

const TRACE = '0102030405060708090a0b0c0d0e0f10';
const SPAN = 'a1a2a3a4a5a6a7a8';

/** Records whose cells are short (inlined by log-appender.ts) or long, with and without ids. */
const RECORDS = [
  { severityText: 'INFO', severityNumber: 9, body: 'short', traceId: TRACE, spanId: SPAN },
  { severityText: 'a severity text past twelve bytes', severityNumber: 0, body: 'é'.repeat(20) },
  { severityText: '', severityNumber: 17, body: '', eventName: 'twelve bytes' },
];

test('log columns store each cell as written: texts short and long, ids, NULL ids, levels', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'log-columns-'));
  const store = await openTelemetryStore({ dataDir });
  try {
    // Over 2048 rows, so the batch spans two DuckDB chunks, one with a long text, one without.
    const logRecords = Array.from({ length: 2100 }, (_, i) => {
      const record = i < 2048 ? (RECORDS[i % 3] as (typeof RECORDS)[number]) : RECORDS[0];
      return {
        timeUnixNano: String(1_800_000_000_000_000_000n + BigInt(i)),
        ...record,
        body: { stringValue: `${record?.body}${i}` },
      };
    });
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
          scopeLogs: [{ scope: { name: 'http' }, logRecords }],
        },
      ],
    };
    await store.writeLogs(decodeLogsJson(JSON.stringify(request)).items);
    const rows = (
      await store.reader.runAndReadAll(
        `SELECT service, severity_text, body->>'stringValue' AS body, event_name, detected_level,
                lower(printf('%032x', trace_id)) AS trace_id, lower(printf('%016x', span_id)) AS span_id,
                trace_id IS NULL AS no_trace
           FROM logs ORDER BY seq`,
      )
    ).getRowObjects();
    assert.equal(rows.length, 2100);
    for (const [i, row] of rows.entries()) {
      const record = i < 2048 ? (RECORDS[i % 3] as (typeof RECORDS)[number]) : RECORDS[0];
      assert.equal(row.service, 'shop');
      assert.equal(row.severity_text, record?.severityText);
      assert.equal(row.body, `${record?.body}${i}`);
      assert.equal(row.event_name, record?.eventName ?? '');
      assert.equal(row.no_trace, record?.traceId === undefined);
      if (record?.traceId) {
        assert.equal(row.trace_id, TRACE);
        assert.equal(row.span_id, SPAN);
      }
    }
    assert.deepEqual(
      rows.slice(0, 3).map((row) => row.detected_level),
      ['info', 'a severity text past twelve bytes', 'error'],
    );
  } finally {
    await store.close();
  }
});
