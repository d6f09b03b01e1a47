/**
 * Request parameters as Prometheus reads them: the URL query, plus a form body for POST
 * (application/x-www-form-urlencoded), body values first as Go's ParseForm orders them.
 */
import type { IncomingMessage } from 'node:http';
import { readFormParams } from '../form-params.js';
import { ApiError } from './api-response.js';
import { MAX_MATCH_SELECTORS } from './match-params.js';

/** Large enough for thousands of match[] selectors, small enough to bound memory. */
const MAX_FORM_BYTES = 4 * 1024 * 1024;
/**
 * Fields one form may have: parsing 100,000 (a 3.9 MB form of match[]) held the event loop for
 * 130-350 ms, so more are refused after a scan that costs a few milliseconds. A client sends a
 * handful; the match[] selectors, the most numerous, stop at 1,000 (match-params.ts).
 */
export const MAX_FORM_FIELDS = 10_000;

/** Whether `form` has more than `most` fields, without parsing it. */
function hasMoreFields(form: string, most: number): boolean {
  let fields = 1;
  for (let at = form.indexOf('&'); at !== -1; at = form.indexOf('&', at + 1)) {
    if (++fields > most) return true;
  }
  return false;
}

/**
 * The range when start or end is absent: the bounds of a JavaScript Date, where Prometheus uses
 * the bounds of an int64 (both far past any stored sample).
 */
export const MIN_TIME_MS = -8_640_000_000_000_000;
export const MAX_TIME_MS = 8_640_000_000_000_000;

export function readParams(request: IncomingMessage, url: URL): Promise<URLSearchParams> {
  return readFormParams(request, url, {
    maxBytes: MAX_FORM_BYTES,
    check: (form) => {
      if (hasMoreFields(form, MAX_FORM_FIELDS)) {
        throw new ApiError(
          'bad_data',
          `error parsing form values: more than ${MAX_FORM_FIELDS} fields in the request body (match[] takes at most ${MAX_MATCH_SELECTORS} different selectors)`,
        );
      }
    },
    refuse: (message, status) =>
      status === undefined
        ? new ApiError('bad_data', `error parsing form values: ${message}`)
        : new ApiError('bad_data', message, status),
  });
}

/**
 * A time as Unix seconds (a float, as Prometheus accepts "1767357420.123") or RFC 3339, in
 * milliseconds; `fallback` when absent.
 */
export function timeParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(raw)) {
    const ms = Math.round(Number(raw) * 1000);
    if (Number.isFinite(ms)) return Math.min(MAX_TIME_MS, Math.max(MIN_TIME_MS, ms));
  }
  // RFC 3339 needs a date, a time and a zone; Date.parse alone would take far more.
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(raw)) {
    const ms = Date.parse(raw);
    if (Number.isFinite(ms)) return ms;
  }
  throw new ApiError(
    'bad_data',
    `invalid parameter "${name}": Invalid time value for '${name}': cannot parse ${JSON.stringify(raw)} to a valid timestamp`,
  );
}

/**
 * start and end; `given` says whether either was set. An end before the start is no error for
 * the metadata endpoints (Prometheus answers an empty result).
 */
export function timeRange(params: URLSearchParams): { minT: number; maxT: number; given: boolean } {
  const minT = timeParam(params, 'start', MIN_TIME_MS);
  const maxT = timeParam(params, 'end', MAX_TIME_MS);
  return { minT, maxT, given: params.has('start') || params.has('end') };
}

/** limit: a non-negative integer, 0 (or absent) for none. */
export function limitParam(params: URLSearchParams, name = 'limit'): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return 0;
  if (!/^[+-]?\d+$/.test(raw)) {
    // Go's strconv.Atoi wording, as Prometheus passes it on.
    throw new ApiError(
      'bad_data',
      `invalid parameter "${name}": strconv.Atoi: parsing ${JSON.stringify(raw)}: invalid syntax`,
    );
  }
  const limit = Number(raw);
  if (limit < 0)
    throw new ApiError('bad_data', `invalid parameter "${name}": limit must be non-negative`);
  return limit;
}
