// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana's ${…} variables are literal text here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackendProcess, call, postJson, startBackendProcess } from '@otel-lab/testkit';
import {
  expandProvisioned,
  GRAFANA_SETUPS,
  type GrafanaSetup,
  provisionedDatasources,
} from './grafana-provisioning.js';
import { promqlMetricNames, SERVICE_MAP_METRICS, tracesToMetricsQueries } from './grafana-tempo.js';
import { spanLinkLogLines } from './span-logs-lookup.test-support.js';
import { ROOT } from './stack-files.js';
import { decodeTraceByIdResponse } from './tempo-trace-proto.js';

const EMBEDDED = GRAFANA_SETUPS[1] as GrafanaSetup;
const tempo = provisionedDatasources(EMBEDDED).find((source) => source.type === 'tempo');
const TEMPO_URL = String(tempo?.url);

const TRACE_ID = '7c3a1f0e9b2d4c6a8e0f1a2b3c4d5e6f';
const CLIENT_SPAN = '1111aaaa2222bbbb';
const SERVER_SPAN = '3333cccc4444dddd';
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const resource = (service: string) => ({
  attributes: [{ key: 'service.name', value: { stringValue: service } }],
});
/** demo-app calling payment-service: span metrics for both, and one failed service graph edge. */
const CALL_TRACE = {
  resourceSpans: [
    {
      resource: resource('demo-app'),
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE_ID,
              spanId: CLIENT_SPAN,
              name: 'POST /api/charge',
              kind: 3,
              startTimeUnixNano: String(NOW_NS - 80_000_000n),
              endTimeUnixNano: String(NOW_NS),
            },
          ],
        },
      ],
    },
    {
      resource: resource('payment-service'),
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE_ID,
              spanId: SERVER_SPAN,
              parentSpanId: CLIENT_SPAN,
              name: 'process_payment',
              kind: 2,
              startTimeUnixNano: String(NOW_NS - 70_000_000n),
              endTimeUnixNano: String(NOW_NS - 10_000_000n),
              // A declined charge: the edge counts in the failed-requests series too.
              status: { code: 2, message: 'card declined' },
            },
          ],
        },
      ],
    },
  ],
};
const PAYMENT_LOG = {
  resourceLogs: [
    {
      resource: resource('payment-service'),
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: String(NOW_NS - 40_000_000n),
              severityNumber: 9,
              body: { stringValue: 'payment charged' },
              traceId: TRACE_ID,
              spanId: SERVER_SPAN,
            },
          ],
        },
      ],
    },
  ],
};

/** GET with Grafana's proxy headers (Host from the provisioned URL), the body kept as bytes. */
function getBytes(baseUrl: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the Tempo data source against a running backend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grafana-tempo-'));
  let backend: BackendProcess;
  const host = new URL(TEMPO_URL).host;
  const grafanaCall = (path: string) => call(backend.queryUrl, 'GET', path, { headers: { host } });

  before(async () => {
    backend = await startBackendProcess(join(ROOT, 'packages', 'backend', 'dist', 'main.js'), [
      '--data-dir',
      join(dir, 'data'),
      '--span-metrics-interval',
      '1s',
    ]);
    const stored = await postJson(backend.otlpHttpUrl, '/v1/traces', CALL_TRACE);
    assert.equal(stored.status, 200, stored.text);
    const logged = await postJson(backend.otlpHttpUrl, '/v1/logs', PAYMENT_LOG);
    assert.equal(logged.status, 200, logged.text);
  });
  after(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('Save & test: GET /api/echo answers echo', async () => {
    const answer = await grafanaCall('/api/echo');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, 'echo');
  });

  test('the trace by id, as protobuf, holds the stored spans; its logs open in Loki', async () => {
    const answer = await getBytes(backend.queryUrl, `/api/v2/traces/${TRACE_ID}`, {
      host,
      accept: 'application/protobuf',
    });
    assert.equal(answer.status, 200, answer.body.toString());
    assert.match(answer.type, /^application\/protobuf/);
    const trace = decodeTraceByIdResponse(answer.body);
    assert.equal(trace.traceID, TRACE_ID);
    const spans = trace.spans.map((span) => [
      trace.processes[span.processID]?.serviceName,
      span.operationName,
      span.spanID,
    ]);
    assert.deepEqual(spans.sort(), [
      ['demo-app', 'POST /api/charge', CLIENT_SPAN],
      ['payment-service', 'process_payment', SERVER_SPAN],
    ]);

    const span = trace.spans.find((s) => s.spanID === SERVER_SPAN);
    assert.ok(span);
    const found = await spanLinkLogLines(tempo, EMBEDDED, trace, span, grafanaCall);
    assert.deepEqual(found.lines, ['payment charged'], `${found.query}: ${found.answer}`);
  });

  test('an unknown trace id is a 404, as Grafana expects before it tries /api/traces', async () => {
    const answer = await getBytes(backend.queryUrl, `/api/v2/traces/${'0'.repeat(31)}1`, {
      host,
      accept: 'application/protobuf',
    });
    assert.equal(answer.status, 404);
  });

  test("the trace-to-metrics queries and the service map's series find the backend's metrics", async () => {
    const queries = tracesToMetricsQueries(tempo).map(({ name, query }) => ({
      name,
      query: expandProvisioned(query, {}).replaceAll('${__span.name}', 'process_payment'),
    }));
    const wanted = new Set([
      ...queries.flatMap(({ query }) => promqlMetricNames(query)),
      ...SERVICE_MAP_METRICS,
    ]);
    let names = new Set<string>();
    // The backend writes span metrics every second here; two flushes give rate() two samples.
    for (let attempt = 0; attempt < 40; attempt++) {
      const answer = await grafanaCall('/api/v1/label/__name__/values');
      names = new Set((answer.json?.data as string[] | undefined) ?? []);
      if ([...wanted].every((name) => names.has(name))) break;
      await sleep(250);
    }
    assert.deepEqual(
      [...wanted].filter((name) => !names.has(name)),
      [],
    );
    for (const { name, query } of queries) {
      let result: unknown[] = [];
      for (let attempt = 0; attempt < 40 && result.length === 0; attempt++) {
        const answer = await grafanaCall(`/api/v1/query?query=${encodeURIComponent(query)}`);
        assert.equal(answer.json?.status, 'success', `${name}: ${answer.text}`);
        result = (answer.json?.data as { result?: unknown[] })?.result ?? [];
        if (result.length === 0) await sleep(250);
      }
      assert.ok(result.length > 0, `${name}: ${query} found no series`);
    }
  });
});
