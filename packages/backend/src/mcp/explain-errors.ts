/**
 * explain_trace_errors' facts about each failed span (status ERROR) of a trace: where it sits
 * (its parents' names), its status message and its exception events, read from the same Jaeger
 * JSON as get_trace. Everything is a field holding the telemetry's own text, never a sentence
 * made of it: a span's message is data an agent reads, not an instruction it follows.
 */
import type { JaegerSpan, JaegerTrace } from '../query/jaeger/to-jaeger-json.js';
import { cut } from './key-attributes.js';
import { type SpanNode, spanForest } from './span-tree.js';

/** The most failed spans one answer describes, first by start time. */
export const MAX_ERROR_SPANS = 20;
/** Exception stack traces are cut to this; messages and status messages to MAX_TEXT_CHARS. */
export const MAX_STACK_CHARS = 2000;
export const MAX_TEXT_CHARS = 1000;
/** Exception events per span, and parents (the nearest) per span. */
export const MAX_EXCEPTIONS = 3;
export const MAX_PARENTS = 20;

export interface ExceptionFact {
  type: string;
  message: string;
  stacktrace: string;
}

export interface SpanRef {
  spanId: string;
  service: string;
  name: string;
}

export interface ErrorSpanFacts extends SpanRef {
  startMs: number;
  durationMs: number;
  statusMessage: string;
  /** The first MAX_EXCEPTIONS; exceptionCount says how many it had. */
  exceptions: ExceptionFact[];
  exceptionCount: number;
  /** Down to this span's parent: the root first, or the nearest MAX_PARENTS of a deeper span. */
  parents: SpanRef[];
  depth: number;
}

const refOf = (node: SpanNode): SpanRef => ({
  spanId: node.span.spanID,
  service: node.service,
  name: node.span.operationName,
});

function exceptions(span: JaegerSpan): ExceptionFact[] {
  return span.logs
    .map((log) => new Map(log.fields.map((field) => [field.key, field.value])))
    .filter((fields) => fields.get('event') === 'exception' || fields.has('exception.type'))
    .map((fields) => {
      const text = (key: string, max: number) => cut(String(fields.get(key) ?? ''), max);
      return {
        type: text('exception.type', MAX_TEXT_CHARS),
        message: text('exception.message', MAX_TEXT_CHARS),
        stacktrace: text('exception.stacktrace', MAX_STACK_CHARS),
      };
    });
}

/** The failed spans of `trace` (at least one span), in start order. */
export function errorSpanFacts(trace: JaegerTrace): ErrorSpanFacts[] {
  const forest = spanForest(trace);
  const start = Math.min(...trace.spans.map((span) => span.startTime));
  return forest.all
    .filter((node) => node.status === 'error')
    .sort((a, b) => a.span.startTime - b.span.startTime)
    .map((node) => {
      const parents: SpanRef[] = [];
      for (let at = node.parent; at; at = at.parent) parents.push(refOf(at));
      const thrown = exceptions(node.span);
      const message = node.span.tags.find((tag) => tag.key === 'otel.status_description');
      return {
        ...refOf(node),
        startMs: (node.span.startTime - start) / 1000,
        durationMs: node.span.duration / 1000,
        statusMessage: cut(String(message?.value ?? ''), MAX_TEXT_CHARS),
        exceptions: thrown.slice(0, MAX_EXCEPTIONS),
        exceptionCount: thrown.length,
        parents: parents.slice(0, MAX_PARENTS).reverse(),
        depth: parents.length,
      };
    });
}
