import { formatDuration } from './duration.js';
import { EXPECTED_STATUSES } from './exit-policy.js';
import type { EndpointSummary, TrafficSummary } from './summary.js';

const ms = (value: number) => value.toFixed(1);

function describeRun(summary: TrafficSummary, pauseMs: number | undefined): string {
  const loop =
    summary.mode === 'open-loop'
      ? `open loop at ${summary.rate} requests/s, at most ${summary.concurrency} in flight`
      : `closed loop, ${summary.concurrency === 1 ? 'one request at a time' : `${summary.concurrency} loops`}${pauseMs === undefined ? '' : `, ${formatDuration(pauseMs)} pause`}`;
  const seed = summary.seed === null ? "the lab's requests" : `seed ${summary.seed}`;
  return `${loop}, mix ${summary.mix} (orders:products), ${seed}`;
}

function describeErrors(summary: TrafficSummary): string {
  const parts = [
    ...Object.entries(summary.errorsByStatus).map(
      ([status, count]) =>
        `${status} ×${count}${EXPECTED_STATUSES.has(Number(status)) ? ' (expected)' : ''}`,
    ),
    ...Object.entries(summary.networkErrors).map(([code, count]) => `${code} ×${count}`),
  ];
  return parts.length === 0 ? 'none' : parts.join(', ');
}

const errorCount = (endpoint: EndpointSummary) =>
  Object.entries(endpoint.statuses).reduce(
    (sum, [status, count]) => sum + (status.startsWith('2') ? 0 : count),
    0,
  ) + Object.values(endpoint.networkErrors).reduce((sum, count) => sum + count, 0);

function endpointTable(endpoints: EndpointSummary[]): string[] {
  const width = Math.max(8, ...endpoints.map((endpoint) => endpoint.endpoint.length));
  const header = ['requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const row = (name: string, cells: string[]) =>
    `${name.padEnd(width)}  ${cells.map((cell) => cell.padStart(9)).join('')}`;
  return [
    row('endpoint', header),
    ...endpoints.map((endpoint) => {
      const { p50, p95, p99, max } = endpoint.latencyMs;
      return row(endpoint.endpoint, [
        String(endpoint.requests),
        String(errorCount(endpoint)),
        ms(p50),
        ms(p95),
        ms(p99),
        ms(max),
      ]);
    }),
  ];
}

/** The summary as people read it; `pauseMs` is shown for the closed loop. */
export function formatSummary(summary: TrafficSummary, pauseMs?: number): string {
  const lines = [
    `Traffic to ${summary.target}: ${summary.requests} requests in ${formatDuration(summary.elapsedSeconds * 1000)}, ${summary.throughput} requests/s`,
    `  ${describeRun(summary, summary.mode === 'closed-loop' ? pauseMs : undefined)}`,
    `  errors: ${describeErrors(summary)}`,
  ];
  if (summary.mode === 'open-loop') {
    lines.push(
      `  late starts: ${summary.lateStarts}${summary.lateStarts > 0 ? ` (waited for one of ${summary.concurrency} requests in flight; their latency counts from the scheduled start)` : ''}`,
    );
  }
  if (summary.interrupted) {
    lines.push(
      `  interrupted: stopped early${summary.abandoned > 0 ? `, ${summary.abandoned} requests in flight abandoned` : ''}`,
    );
  }
  lines.push('', ...endpointTable(summary.endpoints), '');
  lines.push(
    summary.exitCode === 0
      ? 'Result: passed (exit 0)'
      : `Result: failed (exit ${summary.exitCode}): ${summary.failures} of ${summary.requests} requests failed (5xx, unexpected 4xx or network error)`,
  );
  return lines.join('\n');
}
