/**
 * The query port's requests, as Prometheus counts its own (prometheus_http_request_duration_seconds
 * by handler): otel_lab_http_request_duration_seconds by `handler`, the route pattern of the
 * route table (`/api/traces/:id`, never the path asked for, so ids do not become series; `other`
 * for the web UI's pages and files and unknown paths), and `code`, the status class (2xx … 5xx).
 * Its _count is the request count.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram, type Registry } from 'prom-client';

/** From 1 ms (a lookup) to a minute (a long export); Prometheus's own start at 100 ms. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Called as a request arrives, with its route pattern; records it when its answer ends. */
export type RequestObserver = (
  request: IncomingMessage,
  response: ServerResponse,
  handler: string,
) => void;

/** `2xx` for 200…299; an out-of-range status (never sent by Node) is `other`. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

export function createHttpMetrics(registry: Registry): RequestObserver {
  const duration = new Histogram({
    name: 'otel_lab_http_request_duration_seconds',
    help: 'Time from a query-port request to the end of its answer, by route pattern and status class.',
    labelNames: ['handler', 'code'],
    buckets: BUCKETS,
    registers: [registry],
  });
  return (_request, response, handler) => {
    const started = performance.now();
    // 'close' comes after the last byte is handed to the socket, or when the client leaves.
    response.once('close', () => {
      duration.observe(
        { handler, code: statusClass(response.statusCode) },
        (performance.now() - started) / 1000,
      );
    });
  };
}
