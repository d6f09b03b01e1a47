/**
 * OTLP/JSON telemetry for query.test.ts: one order trace across demo-app and payment-service
 * whose charge failed and whose span name and log line carry a terminal escape sequence, a log
 * line, and a counter.
 */
export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const ESCAPED = 'charge \u001b[2J\u001b]0;pwned\u0007';

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
const at = (nowMs: number, offsetMs: number) => String(BigInt(nowMs + offsetMs) * 1_000_000n);

export function spans(nowMs: number) {
  const span = (
    spanId: string,
    parentSpanId: string,
    name: string,
    from: number,
    to: number,
    error = false,
  ) => ({
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind: 2,
    startTimeUnixNano: at(nowMs, from),
    endTimeUnixNano: at(nowMs, to),
    status: error ? { code: 2, message: 'card declined' } : {},
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'demo-app')] },
        scopeSpans: [
          {
            spans: [
              span('aaaaaaaaaaaaaaa1', '', 'POST /api/orders', -1000, -200),
              span('aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa1', 'process_order', -900, -300),
            ],
          },
        ],
      },
      {
        resource: { attributes: [attr('service.name', 'payment-service')] },
        scopeSpans: [
          { spans: [span('aaaaaaaaaaaaaaa3', 'aaaaaaaaaaaaaaa2', ESCAPED, -800, -400, true)] },
        ],
      },
    ],
  };
}

export function logs(nowMs: number) {
  const record = (offsetMs: number, body: string) => ({
    timeUnixNano: at(nowMs, offsetMs),
    severityNumber: 9,
    severityText: 'INFO',
    body: { stringValue: body },
    traceId: TRACE_ID,
  });
  return {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', 'demo-app')] },
        scopeLogs: [
          {
            scope: { name: 'pino' },
            logRecords: [
              record(-900, 'order received'),
              record(-500, `order failed ${ESCAPED}`),
              record(-400, 'health ok'),
            ],
          },
        ],
      },
    ],
  };
}

export function metrics(nowMs: number) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [attr('service.name', 'demo-app')] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'orders.placed',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [{ asInt: '3', timeUnixNano: at(nowMs, -1000) }],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}
