import { traceqlString } from './traceql-string.js';

/** A span's status as the trace view has it: OTLP's code names (otel.status_code), or none. */
export type SpanStatusCode = 'OK' | 'ERROR' | 'UNSET' | string | undefined;

const STATUS: Record<string, string> = { OK: 'ok', ERROR: 'error' };

/**
 * "Find spans like this": the TraceQL filter for spans of the same service and name with the
 * same status, e.g. `{ resource.service.name = "demo-app" && name = "POST" && status = error }`.
 * Names and services are telemetry: quoted with traceqlString whatever they hold.
 */
export function traceqlFromSpan(span: {
  service: string;
  name: string;
  status: SpanStatusCode;
}): string {
  const status = STATUS[(span.status ?? '').toUpperCase()] ?? 'unset';
  const conditions = [
    `resource.service.name = ${traceqlString(span.service)}`,
    `name = ${traceqlString(span.name)}`,
    `status = ${status}`,
  ];
  return `{ ${conditions.join(' && ')} }`;
}
