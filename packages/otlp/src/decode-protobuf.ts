import type { Decoded, LogData, ResourceData, ScopeData } from './model.js';
import {
  anyValue,
  decodeMessage,
  hex,
  keyValues,
  type PbLog,
  type PbLogsRequest,
  resourceOf,
  root,
  scopeOf,
  unsigned,
} from './pb-fields.js';
import { collect, logRejection } from './validate.js';

const LogsRequest = root.lookupType('otlp.ExportLogsServiceRequest');

function logOf(log: PbLog, resource: ResourceData, scope: ScopeData): LogData {
  return {
    resource,
    scope,
    timeUnixNano: unsigned(log.timeUnixNano),
    observedTimeUnixNano: unsigned(log.observedTimeUnixNano),
    severityNumber: log.severityNumber ?? 0,
    severityText: log.severityText ?? '',
    body: anyValue(log.body),
    attributes: keyValues(log.attributes),
    droppedAttributesCount: log.droppedAttributesCount ?? 0,
    flags: log.flags ?? 0,
    traceId: hex(log.traceId),
    spanId: hex(log.spanId),
    eventName: log.eventName ?? '',
  };
}

/** Decodes an ExportLogsServiceRequest in protobuf encoding. */
export function decodeLogsProtobuf(bytes: Uint8Array): Decoded<LogData> {
  const request = decodeMessage<PbLogsRequest>(LogsRequest, bytes, 'ExportLogsServiceRequest');
  const logs: LogData[] = [];
  for (const resourceLogs of request.resourceLogs ?? []) {
    const resource = resourceOf(resourceLogs.resource, resourceLogs.schemaUrl);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = scopeOf(scopeLogs.scope, scopeLogs.schemaUrl);
      for (const log of scopeLogs.logRecords ?? []) logs.push(logOf(log, resource, scope));
    }
  }
  return collect(logs, logRejection);
}
