import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeLogsJson, decodeTracesJson } from '@otel-lab/otlp';
import { openTelemetryStore } from './telemetry-store.js';

const HOUR_NS = 3_600_000_000_000n;
const NOW_MS = 1_800_000_000_000;
const NOW_NS = BigInt(NOW_MS) * 1_000_000n;

/** `count` one-span traces, the n-th starting `n` hours before `NOW`. */
function tracesAged(count: number) {
  const spans = Array.from({ length: count }, (_, n) => ({
    traceId: (n + 1).toString(16).padStart(32, '0'),
    spanId: (n + 1).toString(16).padStart(16, '0'),
    name: `${n}h-old`,
    startTimeUnixNano: String(NOW_NS - BigInt(n) * HOUR_NS),
    endTimeUnixNano: String(NOW_NS - BigInt(n) * HOUR_NS + 1000n),
  }));
  return decodeTracesJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })).items;
}

async function names(store: Awaited<ReturnType<typeof openTelemetryStore>>): Promise<string[]> {
  const rows = (
    await store.reader.runAndReadAll('SELECT name FROM spans ORDER BY start_ns DESC')
  ).getRowObjects();
  return rows.map((row) => String(row.name));
}

test('telemetry older than the retention age goes; the rest stays', async () => {
  const store = await openTelemetryStore({
    dataDir: mkdtempSync(join(tmpdir(), 'retention-age-')),
  });
  try {
    await store.writeSpans(tracesAged(5));
    const logs = decodeLogsJson(
      JSON.stringify({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  { timeUnixNano: String(NOW_NS - 10n * HOUR_NS), body: { stringValue: 'old' } },
                  {
                    observedTimeUnixNano: String(NOW_NS),
                    body: { stringValue: 'new, dated by observation' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).items;
    await store.writeLogs(logs);
    const eviction = await store.evict({ maxAgeMs: 2.5 * 3_600_000 }, NOW_MS);
    assert.equal(eviction.reason, 'age');
    assert.deepEqual(eviction.deleted, { spans: 2, logs: 1, received_metrics: 0 });
    assert.deepEqual(await names(store), ['0h-old', '1h-old', '2h-old']);
    assert.equal((await store.counts()).logs, 1);
  } finally {
    store.close();
  }
});
