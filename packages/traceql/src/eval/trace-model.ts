// A trace as the TraceQL evaluator reads it: what the storage hands over for each candidate
// trace, independent of how it is stored. The evaluator does no I/O.
import type { KindValue, StatusValue } from '../ast';

/** An attribute's value: OTLP's scalar types, arrays of them; bytes and maps arrive as strings. */
export type AttributeValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'array'; readonly values: readonly AttributeValue[] };

export type Attributes = ReadonlyMap<string, AttributeValue>;

export interface TraceqlEvent {
  readonly name: string;
  /** Since the span's start. */
  readonly timeSinceStartNs: bigint;
  readonly attributes: Attributes;
}

export interface TraceqlLink {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  readonly attributes: Attributes;
}

export interface TraceqlSpan {
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** 16 lowercase hex digits; '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: KindValue;
  readonly status: StatusValue;
  readonly statusMessage: string;
  readonly startNs: bigint;
  readonly durationNs: bigint;
  readonly attributes: Attributes;
  /** The resource's attributes, service.name among them. */
  readonly resource: Attributes;
  readonly scope: {
    readonly name: string;
    readonly version: string;
    readonly attributes: Attributes;
  };
  readonly events: readonly TraceqlEvent[];
  readonly links: readonly TraceqlLink[];
}

export interface TraceqlTrace {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** Every stored span of the trace (structural operators and trace intrinsics need them all). */
  readonly spans: readonly TraceqlSpan[];
}
