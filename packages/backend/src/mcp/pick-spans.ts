/**
 * get_spans' answer: whole spans as the Jaeger API's JSON has them (tags, logs, references,
 * warnings), each with its process (service and resource tags) beside its processID, so an
 * agent reads one span without the rest of the trace. Spans that would pass the answer cap are
 * named in `left`, to ask for again; one span larger than the cap alone has its long texts cut.
 */
import type { JaegerSpan, JaegerTrace } from '../query/jaeger/to-jaeger-json.js';
import { cut } from './key-attributes.js';
import { ANSWER_CAP } from './tool-answer.js';

export const MAX_SPAN_IDS = 20;
const SPAN_ID = /^[0-9a-fA-F]{1,16}$/;
/** How long the texts of a span alone larger than the cap stay: the longest that fits. */
const CUT_TEXT_CHARS = [1000, 200, 40];

export type SpanWithProcess = JaegerSpan & { process: JaegerTrace['processes'][string] };

export interface PickedSpans {
  traceId: string;
  spans: SpanWithProcess[];
  /** Ids asked for that the trace does not have. */
  missing: string[];
  /** Ids found but left out to keep within the cap. */
  left: string[];
  truncated: boolean;
  narrow?: string;
}

/** Span ids as Jaeger prints them (16 hex digits, lowercase). */
export function normalizeSpanId(text: string): string {
  if (!SPAN_ID.test(text))
    throw new Error(`spanId ${JSON.stringify(text)}: expected 16 hex digits`);
  return text.toLowerCase().padStart(16, '0');
}

/** Every string in `value` cut to `max` characters. */
function cutTexts<T>(value: T, max: number): T {
  if (typeof value === 'string') return cut(value, max) as T;
  if (Array.isArray(value)) return value.map((item) => cutTexts(item, max)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutTexts(v, max)])) as T;
  }
  return value;
}

export function pickSpans(trace: JaegerTrace, spanIds: string[], cap = ANSWER_CAP): PickedSpans {
  const wanted = [...new Set(spanIds.map(normalizeSpanId))];
  const found = wanted.map((id) => trace.spans.filter((span) => span.spanID === id));
  const missing = wanted.filter((_, i) => found[i]?.length === 0);
  const spans: SpanWithProcess[] = [];
  const left: string[] = [];
  let textsCut = false;
  let size = 300 + JSON.stringify(wanted).length * 2;
  for (const span of found.flat()) {
    const process = trace.processes[span.processID] ?? { serviceName: '', tags: [] };
    const whole = { ...span, process };
    const text = JSON.stringify(whole).length + 1;
    if (size + text <= cap) {
      spans.push(whole);
      size += text;
    } else if (spans.length === 0 && !textsCut) {
      const cuts = CUT_TEXT_CHARS.map((max) => cutTexts(whole, max));
      const shorter = cuts.find((one) => size + JSON.stringify(one).length <= cap) ?? cuts.at(-1);
      spans.push(shorter ?? whole);
      size += JSON.stringify(shorter).length + 1;
      textsCut = true;
    } else left.push(span.spanID);
  }
  const truncated = left.length > 0 || textsCut;
  const narrow = [
    textsCut
      ? 'the first span alone passes the cap: its long texts are cut (GET /api/traces/{traceId} has them whole)'
      : '',
    left.length > 0 ? 'ask get_spans again for the spans in left, a few at a time' : '',
  ]
    .filter((part) => part !== '')
    .join('; ');
  return {
    traceId: trace.traceID,
    spans,
    missing,
    left,
    truncated,
    ...(truncated ? { narrow } : {}),
  };
}
