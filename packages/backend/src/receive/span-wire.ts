import { type Reader, readerOf } from '@otel-lab/otlp';
import type { TextWriter } from '../storage/text-writer.js';

/**
 * Reading a trace request's wire bytes for the span columns decoder (decode-span-columns.ts):
 * fields checked as they are read, ids and text taken from the bytes without strings where
 * they are ASCII.
 */

const QUOTE = 0x22;

const tagOf = (field: number) => (field << 3) | 2; // length-delimited

/** Spans in a request, without reading them; -1 when it is not well formed. */
export function countSpans(body: Uint8Array): number {
  try {
    const reader = readerOf(body);
    let count = 0;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag !== tagOf(1)) {
        reader.skipType(tag & 7);
        continue;
      }
      const resourceEnd = fieldEnd(reader);
      while (reader.pos < resourceEnd) {
        const blockTag = reader.uint32();
        if (blockTag !== tagOf(2)) {
          reader.skipType(blockTag & 7);
          continue;
        }
        const scopeEnd = fieldEnd(reader);
        while (reader.pos < scopeEnd) {
          const itemTag = reader.uint32();
          if (itemTag === tagOf(2)) count++;
          reader.skipType(itemTag & 7);
        }
      }
    }
    return count;
  } catch {
    return -1;
  }
}

/**
 * Writes bytes [start, end) as a JSON string when they are ASCII that JSON.stringify writes as
 * it is (no control character, quote or backslash); else writes nothing and returns false.
 */
export function quotedPlain(
  writer: TextWriter,
  bytes: Uint8Array,
  start: number,
  end: number,
): boolean {
  writer.reserve(end - start + 2);
  const out = writer.bytes;
  let at = writer.length;
  out[at++] = QUOTE;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 || b > 0x7f || b === QUOTE || b === 0x5c) return false;
    out[at++] = b;
  }
  out[at++] = QUOTE;
  writer.length = at;
  return true;
}

export function ascii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] as number) > 0x7f) return false;
  return true;
}

/** A string field's text as the object decoder reads it (invalid UTF-8 becomes U+FFFD). */
export const utf8 = (bytes: Buffer, start: number, end: number) =>
  bytes.toString('utf8', start, end);

// Wire types. A field of the wrong type, like anything malformed, ends this decoder's attempt:
// the object decoder then reads the request and words the error.
export const VARINT = 0;
export const FIXED64 = 1;
export const BYTES = 2;
export const FIXED32 = 5;

/** A fixed64 time, unsigned. */
export function fixed64(reader: Reader): bigint {
  const low = reader.fixed32();
  return (BigInt(reader.fixed32()) << 32n) | BigInt(low);
}

export function wire(tag: number, expected: number): void {
  if ((tag & 7) !== expected) throw new RangeError('unexpected wire type');
}

/** The end of the length-delimited field the reader is at, checked against the input. */
export function fieldEnd(reader: Reader): number {
  const end = reader.uint32() + reader.pos;
  if (end > reader.len) throw new RangeError('index out of range');
  return end;
}

/** An id field of `length` bytes, not all zero. */
export function validId(
  bytes: Uint8Array,
  start: number,
  length: number,
  expected: number,
): boolean {
  if (length !== expected) return false;
  for (let i = start; i < start + length; i++) if (bytes[i] !== 0) return true;
  return false;
}

/** Bytes [start, start + count) into `out` at `offset`, last first (DuckDB's byte order). */
export function reversedInto(
  bytes: Uint8Array,
  start: number,
  count: number,
  out: Uint8Array,
  offset: number,
): void {
  for (let i = 0; i < count; i++) out[offset + count - 1 - i] = bytes[start + i] as number;
}
