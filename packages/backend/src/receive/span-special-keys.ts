/**
 * The span attributes read by key while decoding: the http method, route and status code go to
 * columns of their own, db.name to the service graph. The span columns decoder recognises them
 * from the wire bytes of a key; stringValueOf and intValueOf (otlp-json.ts) read their values.
 */

/** The attribute keys that columns or span metrics read; the first of each counts (as find()). */
export const SPECIAL_KEYS = [
  'http.request.method',
  'http.method',
  'http.route',
  'http.response.status_code',
  'http.status_code',
  'db.name',
] as const;
export const METHOD = 0;
export const OLD_METHOD = 1;
export const ROUTE = 2;
export const STATUS = 3;
export const OLD_STATUS = 4;
export const DB_NAME = 5;
const SPECIAL_BYTES = SPECIAL_KEYS.map((key) => Buffer.from(key, 'latin1'));

/** Which of SPECIAL_KEYS the ASCII key at [start, end) is, or -1. */
export function specialKey(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  next: for (let k = 0; k < SPECIAL_BYTES.length; k++) {
    const key = SPECIAL_BYTES[k] as Buffer;
    if (key.length !== length) continue;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== key[i]) continue next;
    return k;
  }
  return -1;
}
