import type { AnyValue, KeyValue, SpanData } from '@otel-lab/otlp';

/**
 * The tag index of a span: a 32-bit hash of every key/value of its attributes, its events' and
 * its links' attributes, stored as the span's `tag_hashes` list (schema version 9). A tag search
 * (jaeger/trace-reader.ts) finds candidate spans by hash in that small column, then compares the
 * stored JSON of those few only: a search by any key costs what one by a column costs, where
 * reading the JSON of every span took a full scan of the largest column (docs/benchmarks.md).
 *
 * The hashes are stored on disk, so this function and the value texts below never change.
 * A hash is a candidate, never an answer: collisions only cost a comparison.
 */
export function tagHash(key: string, text: string): number {
  return finish(addText(keyState(key), text));
}

/**
 * FNV-1a over pairs of UTF-16 code units (one multiply per two characters, half the chain of
 * one per character), finished with murmur3's finaliser to spread the bits.
 */
function addText(state: number, text: string): number {
  let h = state;
  const even = text.length & ~1;
  for (let i = 0; i < even; i += 2) {
    h = Math.imul(h ^ (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)), 0x01000193);
  }
  if (even < text.length) h = Math.imul(h ^ text.charCodeAt(even), 0x01000193);
  // The length ends each part, so text cannot move between key and value unseen.
  return Math.imul(h ^ text.length, 0x01000193);
}

/** addText over bytes that are ASCII, where each byte is its character's code unit. */
function addAsciiBytes(state: number, bytes: Uint8Array, start: number, end: number): number {
  let h = state;
  const even = start + ((end - start) & ~1);
  for (let i = start; i < even; i += 2) {
    h = Math.imul(h ^ ((bytes[i] as number) | ((bytes[i + 1] as number) << 16)), 0x01000193);
  }
  if (even < end) h = Math.imul(h ^ (bytes[even] as number), 0x01000193);
  return Math.imul(h ^ (end - start), 0x01000193);
}

function finish(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A span's keys are a few names used over and over: each one's state is computed once. */
const keyStates = new Map<string, number>();
const KEY_STATES_MAX = 10_000;

export function keyState(key: string): number {
  let state = keyStates.get(key);
  if (state === undefined) {
    state = addText(0x811c9dc5, key);
    // Keys are request text: the cache stays bounded whatever arrives.
    if (keyStates.size >= KEY_STATES_MAX) keyStates.clear();
    keyStates.set(key, state);
  }
  return state;
}

/**
 * The hash state after an ASCII key read from wire bytes [start, end), as keyState(key) gives
 * for the same text (the span columns decoder reads keys without making strings of them).
 */
export const asciiKeyState = (bytes: Uint8Array, start: number, end: number) =>
  addAsciiBytes(0x811c9dc5, bytes, start, end);

/** tagHash, from a key's state (keyState, asciiKeyState) and the value's text. */
export const tagHashOf = (state: number, text: string) => finish(addText(state, text));

/** tagHash, from a key's state and a value that is ASCII wire bytes [start, end). */
export const asciiTagHashOf = (state: number, bytes: Uint8Array, start: number, end: number) =>
  finish(addAsciiBytes(state, bytes, start, end));

/**
 * A value as the text a tag search compares it with (the stored JSON read as text:
 * compactAttributeText and ANY_VALUE_TEXT), or undefined for values no search matches (lists,
 * maps, empty). A double is hashed as JavaScript writes it; searchHashes adds that form of a
 * numeric search value, so the text DuckDB writes for the same double finds it too.
 *
 * Not metrics/otlp-attribute-value.ts's attributeValueText, though the scalars read alike: that
 * one renders label values as pcommon does (NaN as a JSON error text, lists as JSON) and may
 * follow it, while these texts are on disk and must not move.
 */
export function valueText(value: AnyValue): string | undefined {
  switch (value.type) {
    case 'string':
      return value.value;
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'double':
      return String(value.value);
    case 'bytes':
      return Buffer.from(value.value).toString('base64');
    default:
      return undefined;
  }
}

/** Appends the tag hashes of an attribute list to `out`. */
export function listTagHashes(out: number[], list: readonly KeyValue[]): void {
  for (const kv of list) {
    const text = valueText(kv.value);
    if (text !== undefined) out.push(tagHash(kv.key, text));
  }
}

/** Appends the tag hashes of a span to `out`: its attributes, then its events' and links'. */
export function spanTagHashes(span: SpanData, out: number[]): void {
  listTagHashes(out, span.attributes);
  for (const event of span.events) listTagHashes(out, event.attributes);
  for (const link of span.links) listTagHashes(out, link.attributes);
}

/**
 * The hashes under which a stored value equal (as text) to a search's `value` was indexed: the
 * text itself, and for a number the text JavaScript writes for that double.
 */
export function searchHashes(key: string, value: string): number[] {
  const hashes = [tagHash(key, value)];
  const number = Number(value);
  const numeric = value.trim() !== '' && (!Number.isNaN(number) || value === 'NaN');
  if (numeric && String(number) !== value) hashes.push(tagHash(key, String(number)));
  return hashes;
}
