import type { DuckDBValue } from '@duckdb/node-api';

type Row = Record<string, DuckDBValue>;

/** Stored log rows, in the order given, as one OTLP/JSON ExportLogsServiceRequest. */
export function toOtlpLogsRequest(rows: Row[]) {
  const byResource = new Map<
    string,
    { resource: unknown; scopes: Map<string, { scope: unknown; logRecords: unknown[] }> }
  >();
  for (const row of rows) {
    const resourceText = String(row.resource ?? '{}');
    const scopeText = String(row.scope ?? '{}');
    let group = byResource.get(resourceText);
    if (!group) {
      const { schemaUrl: _schemaUrl, ...resource } = JSON.parse(resourceText) as Record<
        string,
        unknown
      >;
      group = { resource, scopes: new Map() };
      byResource.set(resourceText, group);
    }
    let scope = group.scopes.get(scopeText);
    if (!scope) {
      const { schemaUrl: _schemaUrl, ...fields } = JSON.parse(scopeText) as Record<string, unknown>;
      scope = { scope: fields, logRecords: [] };
      group.scopes.set(scopeText, scope);
    }
    scope.logRecords.push({
      timeUnixNano: String(row.time_ns ?? 0),
      observedTimeUnixNano: String(row.observed_ns ?? 0),
      severityNumber: Number(row.severity_number ?? 0),
      severityText: String(row.severity_text ?? ''),
      body: JSON.parse(String(row.body ?? '{}')),
      attributes: JSON.parse(String(row.attributes ?? '[]')),
      droppedAttributesCount: Number(row.dropped_attributes ?? 0),
      flags: Number(row.flags ?? 0),
      traceId: typeof row.trace_id === 'bigint' ? row.trace_id.toString(16).padStart(32, '0') : '',
      spanId: typeof row.span_id === 'bigint' ? row.span_id.toString(16).padStart(16, '0') : '',
      eventName: String(row.event_name ?? ''),
    });
  }
  return {
    resourceLogs: [...byResource.values()].map((group) => ({
      resource: group.resource,
      scopeLogs: [...group.scopes.values()],
    })),
  };
}
