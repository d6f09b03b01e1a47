/**
 * A native histogram sample as the bytes stored on disk (the `histogram_samples` BLOB column) and
 * held in the recent window: about a byte per bucket and 12-20 more (OTLP JSON text takes about six times that).
 *
 * Layout: a flags byte (reset hint in bits 0-1; bit 2: counts are whole numbers, written as
 * varints, bucket counts as zigzag deltas from the previous bucket, as Prometheus's chunks do;
 * bit 3: the zero threshold is OTLP's fixed 1e-128 and left out; bit 4: custom bounds follow),
 * the schema (int8), the zero threshold (float64, unless bit 3), the sum (float64), count and
 * zero count, then each side's spans (a count, then zigzag offset and length each) and buckets,
 * negative side after positive, and the custom bounds (a count and float64 each).
 * Bucket counts are implied by the spans. Hand-written: the format is this store's own.
 */
import type { BucketSpan, CounterResetHint, FloatHistogram } from '@otel-lab/promql';
import { OTLP_ZERO_THRESHOLD } from '../metrics/otlp-exponential-histogram.js';

const HINTS: CounterResetHint[] = ['unknown', 'reset', 'not-reset', 'gauge'];
const WHOLE = 4;
const OTLP_ZERO = 8;
const CUSTOM = 16;
/** Whole counts up to this are varints: their zigzag deltas stay exact doubles. */
const MAX_WHOLE = 2 ** 52;

/** A stored histogram that cannot be read back (a damaged row); the message says where. */
export class HistogramDecodeError extends Error {
  override name = 'HistogramDecodeError';
}

class Writer {
  bytes = new Uint8Array(64);
  view = new DataView(this.bytes.buffer);
  at = 0;

  room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    next.set(this.bytes);
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.room(1);
    this.bytes[this.at++] = b & 0xff;
  }

  float(x: number): void {
    this.room(8);
    this.view.setFloat64(this.at, x, true);
    this.at += 8;
  }

  /** A non-negative whole number below 2^53, seven bits a byte. */
  uvarint(n: number): void {
    let rest = n;
    while (rest >= 128) {
      this.byte((rest % 128) | 128);
      rest = Math.floor(rest / 128);
    }
    this.byte(rest);
  }

  varint(n: number): void {
    this.uvarint(n >= 0 ? 2 * n : -2 * n - 1);
  }
}

/**
 * Reads one encoded histogram. A plain cursor over the bytes: the query worker decodes every stored
 * sample a select reads (~100,000 for a dashboard's 6 h of 67 series), so no DataView is built
 * per sample and one-byte varints, the common case, take one branch.
 */
class Reader {
  /** Reads bytes[at … end): a row of a larger buffer is read where it lies. */
  constructor(
    private readonly bytes: Uint8Array,
    public at = 0,
    private readonly end = bytes.length,
  ) {}

  get left(): number {
    return this.end - this.at;
  }

  private need(n: number): void {
    if (this.at + n > this.end) {
      throw new HistogramDecodeError(`histogram bytes end at ${this.end}, need ${n} more`);
    }
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.at++] as number;
  }

  float(): number {
    this.need(8);
    for (let k = 0; k < 8; k++) FLOAT_BYTES[k] = this.bytes[this.at + k] as number;
    this.at += 8;
    return FLOAT[0] as number;
  }

  uvarint(): number {
    const first = this.bytes[this.at];
    if (first !== undefined && first < 128 && this.at < this.end) {
      this.at++;
      return first;
    }
    let n = 0;
    let scale = 1;
    for (let shift = 0; shift < 63; shift += 7) {
      const b = this.byte();
      n += (b & 127) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
    throw new HistogramDecodeError('histogram varint longer than 9 bytes');
  }

  varint(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** Steps over `n` varints without reading them. */
  skipVarints(n: number): void {
    const bytes = this.bytes;
    const end = this.end;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      while (at < end && (bytes[at] as number) >= 128) at++;
      at++;
    }
    if (at > end) throw new HistogramDecodeError(`histogram bytes end at ${end}`);
    this.at = at;
  }

  /** Steps over `n` bytes. */
  skip(n: number): void {
    this.need(n);
    this.at += n;
  }

  /** `total` whole counts, each a zigzag varint delta from the one before: the hot loop. */
  wholeCounts(total: number): number[] {
    const bytes = this.bytes;
    const end = this.end;
    const out: number[] = new Array(total);
    let at = this.at;
    let previous = 0;
    for (let i = 0; i < total; i++) {
      if (at >= end) throw new HistogramDecodeError(`histogram bytes end at ${end}`);
      let b = bytes[at++] as number;
      let z = b;
      if (b >= 128) {
        z = b & 127;
        let scale = 128;
        do {
          if (at >= end || scale > 2 ** 56) {
            throw new HistogramDecodeError('histogram varint longer than 9 bytes');
          }
          b = bytes[at++] as number;
          z += (b & 127) * scale;
          scale *= 128;
        } while (b >= 128);
      }
      previous += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      out[i] = previous;
    }
    this.at = at;
    return out;
  }
}

/** Little-endian float64 bytes (the platforms Node runs on are little-endian, as the files are). */
const FLOAT = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT.buffer);

const whole = (x: number) => Number.isInteger(x) && x >= 0 && x <= MAX_WHOLE;

function allWhole(h: FloatHistogram): boolean {
  return (
    whole(h.count) &&
    whole(h.zeroCount) &&
    h.positiveBuckets.every(whole) &&
    h.negativeBuckets.every(whole)
  );
}

function writeSide(
  out: Writer,
  spans: readonly BucketSpan[],
  buckets: readonly number[],
  w: boolean,
) {
  out.uvarint(spans.length);
  for (const span of spans) {
    out.varint(span.offset);
    out.uvarint(span.length);
  }
  let previous = 0;
  for (const count of buckets) {
    if (w) out.varint(count - previous);
    else out.float(count);
    previous = count;
  }
}

/**
 * One side's spans and buckets. Spans equal to `same` (the previous sample's of the series, most
 * often) are returned as that very array: it costs nothing to keep, and layouts compare by
 * reference first.
 */
function readSide(
  input: Reader,
  w: boolean,
  same: BucketSpan[] | undefined,
): { spans: BucketSpan[]; buckets: number[] } {
  const spanCount = input.uvarint();
  let spans: BucketSpan[] | undefined = same && same.length === spanCount ? same : undefined;
  let total = 0;
  for (let i = 0; i < spanCount; i++) {
    const offset = input.varint();
    const length = input.uvarint();
    total += length;
    if (spans === same && spans !== undefined) {
      const kept = spans[i] as BucketSpan;
      if (kept.offset === offset && kept.length === length) continue;
      spans = spans.slice(0, i);
    }
    if (spans === undefined) spans = [];
    spans.push({ offset, length });
  }
  // Each bucket takes at least a byte: a damaged length cannot ask for more than is there.
  if (total > input.left) throw new HistogramDecodeError(`histogram spans need ${total} buckets`);
  let buckets: number[];
  if (w) buckets = input.wholeCounts(total);
  else {
    buckets = [];
    for (let i = 0; i < total; i++) buckets.push(input.float());
  }
  return { spans: spans ?? [], buckets };
}

/**
 * How many spans, buckets and custom bounds an encoded histogram holds, read without decoding its
 * counts: what the samples limit counts it by (histogramSampleSizeOf) before anything is decoded.
 */
export function encodedHistogramParts(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const input = new Reader(bytes, start, end);
  const flags = input.byte();
  const w = (flags & WHOLE) !== 0;
  input.skip((flags & OTLP_ZERO) !== 0 ? 1 : 9); // the schema, and the zero threshold
  input.skip(8); // the sum
  if (w) input.skipVarints(2);
  else input.skip(16);
  let parts = 0;
  for (let side = 0; side < 2; side++) {
    const spans = input.uvarint();
    let buckets = 0;
    for (let i = 0; i < spans; i++) {
      input.varint();
      buckets += input.uvarint();
    }
    if (buckets > input.left)
      throw new HistogramDecodeError(`histogram spans need ${buckets} buckets`);
    if (w) input.skipVarints(buckets);
    else input.skip(8 * buckets);
    parts += spans + buckets;
  }
  return (flags & CUSTOM) !== 0 ? parts + input.uvarint() : parts;
}

export function encodeHistogram(h: FloatHistogram): Uint8Array {
  const w = allWhole(h);
  const otlpZero = h.zeroThreshold === OTLP_ZERO_THRESHOLD;
  const custom = h.customValues !== undefined;
  const out = new Writer();
  const hint = Math.max(0, HINTS.indexOf(h.counterResetHint));
  out.byte(hint | (w ? WHOLE : 0) | (otlpZero ? OTLP_ZERO : 0) | (custom ? CUSTOM : 0));
  out.byte(h.schema);
  if (!otlpZero) out.float(h.zeroThreshold);
  out.float(h.sum);
  if (w) {
    out.uvarint(h.count);
    out.uvarint(h.zeroCount);
  } else {
    out.float(h.count);
    out.float(h.zeroCount);
  }
  writeSide(out, h.positiveSpans, h.positiveBuckets, w);
  writeSide(out, h.negativeSpans, h.negativeBuckets, w);
  if (custom) {
    const bounds = h.customValues as number[];
    out.uvarint(bounds.length);
    for (const bound of bounds) out.float(bound);
  }
  return out.bytes.slice(0, out.at);
}

/**
 * The histogram encoded in bytes[start … end). `previous`: the series' sample before, whose spans
 * are reused when they are the same.
 */
export function decodeHistogram(
  bytes: Uint8Array,
  previous?: FloatHistogram,
  start = 0,
  end = bytes.length,
): FloatHistogram {
  const input = new Reader(bytes, start, end);
  const flags = input.byte();
  const w = (flags & WHOLE) !== 0;
  const schema = (input.byte() << 24) >> 24;
  const zeroThreshold = (flags & OTLP_ZERO) !== 0 ? OTLP_ZERO_THRESHOLD : input.float();
  const sum = input.float();
  const count = w ? input.uvarint() : input.float();
  const zeroCount = w ? input.uvarint() : input.float();
  const positive = readSide(input, w, previous?.positiveSpans);
  const negative = readSide(input, w, previous?.negativeSpans);
  const h: FloatHistogram = {
    counterResetHint: HINTS[flags & 3] as CounterResetHint,
    schema,
    zeroThreshold,
    zeroCount,
    count,
    sum,
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
  };
  if ((flags & CUSTOM) !== 0) {
    const n = input.uvarint();
    const bounds: number[] = [];
    for (let i = 0; i < n; i++) bounds.push(input.float());
    h.customValues = bounds;
  }
  if (input.at !== end) {
    throw new HistogramDecodeError(`histogram bytes: ${end - input.at} left over`);
  }
  return h;
}
