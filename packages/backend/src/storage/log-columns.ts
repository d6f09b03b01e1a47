import type { LogData, ResourceData, ScopeData } from '@otel-lab/otlp';
import { resourceJson, scopeJson } from './append-rows.js';
import { inRange, clampNs as ns } from './clamp.js';
import type { IngestLevels } from './ingest-level.js';
import { anyValueText, keyValuesText, stringAttribute } from './otlp-json.js';
import { TextCells, writeIdLittleEndian } from './text-cells.js';

/**
 * A batch of log records as the columns of the `logs` table, built where the records were decoded
 * (the decode worker) and appended where DuckDB is (the main thread), as spans are
 * (span-columns.ts): typed arrays that cross threads by transfer and are appended a column chunk
 * at a time. `seq` and `source_id` are the writer's to assign: each row names its (resource,
 * scope) pair by index into `sources`, the batch's distinct pairs as stored text.
 */
export interface LogColumns {
  count: number;
  timeNs: BigInt64Array;
  observedNs: BigInt64Array;
  severityNumber: Uint8Array;
  droppedAttributes: Uint32Array;
  flags: Uint32Array;
  /** UHUGEINT as DuckDB lays it out (least significant byte first); traceValid[i] 0 for NULL. */
  traceId: Uint8Array;
  traceValid: Uint8Array;
  spanId: BigUint64Array;
  spanValid: Uint8Array;
  /** Each row's index into `sources`. */
  source: Uint32Array;
  sources: { resource: string; scope: string }[];
  /** The UTF-8 bytes of every string cell; cell (row, column) is at textStart/textLength. */
  text: Uint8Array;
  textStart: Uint32Array;
  textLength: Int32Array;
}

/** The string columns of `logs`, each cell's index within a row. */
export const LOG_TEXT_COLUMNS = [
  'service',
  'severity_text',
  'body',
  'attributes',
  'event_name',
  'detected_level',
] as const;
const TEXT_PER_ROW = LOG_TEXT_COLUMNS.length;

const serviceOf = (resource: ResourceData): string =>
  stringAttribute(resource.attributes, 'service.name') ?? 'unknown_service';

/** The `logs` columns of a batch, detected_level computed by `levels` the stored texts' level (ingest-level.ts). */
export function buildLogColumns(logs: readonly LogData[], levels: IngestLevels): LogColumns {
  const count = logs.length;
  const cells = new TextCells(count, TEXT_PER_ROW);
  const columns: LogColumns = {
    count,
    timeNs: new BigInt64Array(count),
    observedNs: new BigInt64Array(count),
    severityNumber: new Uint8Array(count),
    droppedAttributes: new Uint32Array(count),
    flags: new Uint32Array(count),
    traceId: new Uint8Array(count * 16),
    traceValid: new Uint8Array(count),
    spanId: new BigUint64Array(count),
    spanValid: new Uint8Array(count),
    source: new Uint32Array(count),
    sources: [],
    text: new Uint8Array(0),
    textStart: cells.start,
    textLength: cells.length,
  };
  const spanBytes = new Uint8Array(columns.spanId.buffer);
  const sourceIndex = new Map<ResourceData, Map<ScopeData, number>>();
  const sourceKeys = new Map<string, number>();

  const sourceOf = (resource: ResourceData, scope: ScopeData): number => {
    let byScope = sourceIndex.get(resource);
    if (!byScope) {
      byScope = new Map();
      sourceIndex.set(resource, byScope);
    }
    let index = byScope.get(scope);
    if (index === undefined) {
      const pair = { resource: resourceJson(resource), scope: scopeJson(scope) };
      const key = `${pair.resource}\n${pair.scope}`;
      index = sourceKeys.get(key);
      if (index === undefined) {
        index = columns.sources.push(pair) - 1;
        sourceKeys.set(key, index);
      }
      byScope.set(scope, index);
    }
    return index;
  };

  for (let row = 0; row < count; row++) {
    const log = logs[row] as LogData;
    const severity = inRange(log.severityNumber, 24);
    const body = anyValueText(log.body);
    const attributes = keyValuesText(log.attributes);
    columns.timeNs[row] = ns(log.timeUnixNano);
    columns.observedNs[row] = ns(log.observedTimeUnixNano);
    columns.severityNumber[row] = severity;
    columns.droppedAttributes[row] = log.droppedAttributesCount >>> 0;
    columns.flags[row] = log.flags >>> 0;
    if (log.traceId !== '') {
      writeIdLittleEndian(log.traceId, columns.traceId, row * 16, 16);
      columns.traceValid[row] = 1;
    }
    if (log.spanId !== '') {
      writeIdLittleEndian(log.spanId, spanBytes, row * 8, 8);
      columns.spanValid[row] = 1;
    }
    columns.source[row] = sourceOf(log.resource, log.scope);
    cells.putShared(row, 0, log.resource.attributes, () => serviceOf(log.resource));
    cells.put(row, 1, log.severityText);
    cells.put(row, 2, body);
    cells.put(row, 3, attributes);
    cells.put(row, 4, log.eventName);
    cells.put(row, 5, levels(log, severity, attributes, body));
  }
  columns.text = cells.bytes();
  return columns;
}
