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
    assert.deepEqual(eviction.deleted, {
      spans: 2,
      logs: 1,
      received_metrics: 0,
      samples: 0,
      histogram_samples: 0,
      exemplars: 0,
    });
    assert.deepEqual(await names(store), ['0h-old', '1h-old', '2h-old']);
    assert.equal((await store.counts()).logs, 1);
  } finally {
    store.close();
  }
});

test('over the disk limit the oldest spans go until the database fits', async () => {
  const store = await openTelemetryStore({
    dataDir: mkdtempSync(join(tmpdir(), 'retention-disk-')),
  });
  try {
    // 400k spans, the n-th starting n µs after NOW: several row groups, so whole ones can go.
    await store.reader.run(
      `INSERT INTO spans (trace_id, span_id, service, name, start_ns, end_ns, duration_ns, attributes)
       SELECT n::UHUGEINT, n::UBIGINT, 'svc', 'op', ${NOW_NS} + n * 1000, ${NOW_NS} + n * 1000 + 5,
              5, '[{"key":"k","value":{"stringValue":"' || md5(n::VARCHAR) || '"}}]'
       FROM range(400000) AS r(n)`,
    );
    await store.reader.run('CHECKPOINT');
    const before = await store.usedBytes();
    const limit = Math.floor(before / 2);

    const eviction = await store.evict(
      { maxAgeMs: 365 * 24 * 3_600_000, maxDiskBytes: limit },
      NOW_MS,
    );

    assert.equal(eviction.reason, 'disk');
    // Under 80 % of the limit, as the README promises, so the next write does not evict again.
    const target = 0.8 * limit;
    assert.ok((eviction.usedBytes ?? Infinity) <= target, `${eviction.usedBytes} > ${target}`);
    assert.ok((await store.usedBytes()) <= target);
    const [row] = (
      await store.reader.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, min(start_ns) AS oldest, max(start_ns) AS newest FROM spans`,
      )
    ).getRowObjects();
    const kept = Number(row?.n);
    assert.equal(kept + (eviction.deleted.spans ?? 0), 400_000);
    assert.ok(kept > 0 && kept < 400_000);
    // Oldest first: what is left is exactly the newest `kept` spans.
    assert.equal(row?.newest, NOW_NS + 399_999n * 1000n);
    assert.equal(row?.oldest, NOW_NS + BigInt(400_000 - kept) * 1000n);

    const again = await store.evict(
      { maxAgeMs: 365 * 24 * 3_600_000, maxDiskBytes: limit },
      NOW_MS,
    );
    assert.equal(again.reason, 'none', 'a database under the limit loses nothing');
  } finally {
    store.close();
  }
});
