import assert from 'node:assert/strict';
import type { CallResult } from '@otel-lab/testkit';
import {
  emptySelectorProblem,
  expandProvisioned,
  type GrafanaSetup,
  grafanaService,
} from './grafana-provisioning.js';
import {
  type JaegerJsonSpan,
  type JaegerJsonTrace,
  spanLogsLink,
} from './grafana-trace-to-logs.js';
import { asRecord } from './stack-files.js';

/**
 * Follows a trace data source's "Logs for this span" link as Grafana builds it (its provisioned
 * tracesToLogsV2, expanded as `setup`'s Grafana expands it) to the backend's Loki API, over the
 * span's time range widened by a minute each way. Checks the query selects something (Loki refuses
 * `{}`), and answers the log lines found, with the query and the answer for messages.
 */
export async function spanLinkLogLines(
  source: { jsonData?: unknown } | undefined,
  setup: GrafanaSetup,
  trace: JaegerJsonTrace,
  span: JaegerJsonSpan,
  get: (path: string) => Promise<CallResult>,
): Promise<{ lines: (string | undefined)[]; query: string; answer: string }> {
  const settings = asRecord(asRecord(source?.jsonData).tracesToLogsV2);
  const link = spanLogsLink(trace, span, {
    ...settings,
    query: expandProvisioned(String(settings.query), grafanaService(setup).environment),
  });
  assert.ok('query' in link, JSON.stringify(link));
  assert.equal(emptySelectorProblem(link.query), undefined, link.query);
  const params = new URLSearchParams({
    query: link.query,
    start: String((span.startTime - 60_000_000) * 1000),
    end: String((span.startTime + span.duration + 60_000_000) * 1000),
  });
  const logs = await get(`/loki/api/v1/query_range?${params}`);
  const streams = (logs.json?.data as { result?: { values?: [string, string][] }[] })?.result;
  const lines = (streams ?? []).flatMap((stream) => stream.values?.map(([, line]) => line));
  return { lines, query: link.query, answer: logs.text };
}
