/**
 * What a resource and an instrumentation scope give every record they carry: the Loki stream
 * (index labels) and the structured metadata Loki's OTLP endpoint adds from them.
 */
import type { Labels } from '@otel-lab/promql';
import type { OtlpJsonKeyValue } from '../storage/compact-attributes.js';
import { anyValueText } from './any-value-text.js';
import { flattenAttributes, type NamedValue } from './flatten-attributes.js';
import { resourceStream } from './stream-labels.js';

export interface StoredResource {
  attributes?: OtlpJsonKeyValue[];
}

export interface StoredScope {
  name?: string;
  version?: string;
  attributes?: OtlpJsonKeyValue[];
  droppedAttributesCount?: number;
}

export interface LogSource {
  /** The stream: index labels sorted by name. */
  readonly labels: Labels;
  /** Resource attributes that are not index labels, then the scope's attributes and fields. */
  readonly metadata: readonly NamedValue[];
}

export function scopeMetadata(scope: StoredScope | undefined): NamedValue[] {
  const out = flattenAttributes(scope?.attributes);
  if (scope?.name) out.push({ name: 'scope_name', value: scope.name });
  if (scope?.version) out.push({ name: 'scope_version', value: scope.version });
  const dropped = scope?.droppedAttributesCount ?? 0;
  if (dropped !== 0) out.push({ name: 'scope_dropped_attributes_count', value: String(dropped) });
  return out;
}

export function logSource(
  resource: StoredResource | undefined,
  scope: StoredScope | undefined,
): LogSource {
  const stream = resourceStream(resource?.attributes);
  return { labels: stream.labels, metadata: [...stream.metadata, ...scopeMetadata(scope)] };
}

/** A log record's line: its body as Loki writes it (a string as it is, a map or list as JSON). */
export const lineOf = anyValueText;
