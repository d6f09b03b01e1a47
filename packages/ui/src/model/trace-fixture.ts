import type { JaegerSpan, JaegerTrace } from './jaeger-types.js';

/** A span for tests: [id, parent, service, operation, start µs, duration µs, error?]. */
export type SpanRow = [string, string | null, string, string, number, number, boolean?];

/** A Jaeger trace from compact rows, as the backend would answer it (tests only). */
export function traceOf(rows: SpanRow[]): JaegerTrace {
  const services = [...new Set(rows.map((r) => r[2]))];
  const spans = rows.map(
    ([id, parent, service, operation, start, duration, error]): JaegerSpan => ({
      traceID: 't1',
      spanID: id,
      operationName: operation,
      references: parent ? [{ refType: 'CHILD_OF', traceID: 't1', spanID: parent }] : [],
      startTime: start,
      duration,
      tags: error ? [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }] : [],
      logs: [],
      processID: `p${services.indexOf(service) + 1}`,
    }),
  );
  const processes = Object.fromEntries(
    services.map((serviceName, i) => [`p${i + 1}`, { serviceName, tags: [] }]),
  );
  return { traceID: 't1', spans, processes };
}

/** The lab's order trace, shaped as demo-app and payment-service write it. */
export const ORDER_TRACE: SpanRow[] = [
  ['a', null, 'demo-app', 'POST /api/orders', 0, 1000],
  ['b', 'a', 'demo-app', 'process_order', 10, 980],
  ['c', 'b', 'demo-app', 'validate_order', 20, 100],
  ['d', 'b', 'demo-app', 'process_payment', 130, 700],
  ['e', 'd', 'demo-app', 'POST', 140, 680],
  ['f', 'e', 'payment-service', 'POST /api/charge', 150, 660],
  ['g', 'f', 'payment-service', 'charge', 160, 640],
  ['h', 'b', 'demo-app', 'update_inventory', 840, 140, true],
];
