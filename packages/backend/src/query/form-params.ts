/**
 * The parameters of a query API request as Go's `r.Form` holds them: a POST urlencoded form's
 * fields, then the query string's. Shared by the Prometheus and Loki APIs, which differ only in
 * how they word a refusal: `refuse` turns each problem into the API's own error.
 */
import type { IncomingMessage } from 'node:http';
import { BodyError, readBody } from '../receive/read-body.js';
import { MALFORMED_ENCODING } from '../serve/error-boundary.js';
import { mediaTypeOf } from '../serve/media-type.js';
import { hasMalformedEscape } from '../serve/percent-encoding.js';

export interface FormRules {
  maxBytes: number;
  /** Refuses a form whose text fails a further check (field counts, say) before it is parsed. */
  check?: (form: string) => void;
  /** The API's error for a body that could not be read (its status) or a malformed escape. */
  refuse: (message: string, status?: number) => Error;
}

export async function readFormParams(
  request: IncomingMessage,
  url: URL,
  rules: FormRules,
): Promise<URLSearchParams> {
  if (request.method !== 'POST') return url.searchParams;
  if (mediaTypeOf(request.headers['content-type']) !== 'application/x-www-form-urlencoded') {
    request.resume();
    return url.searchParams;
  }
  let body: Buffer;
  try {
    body = await readBody(request, rules.maxBytes);
  } catch (error) {
    if (error instanceof BodyError) throw rules.refuse(error.message, error.status);
    throw error;
  }
  const form = body.toString('utf8');
  rules.check?.(form);
  if (hasMalformedEscape(form)) throw rules.refuse(MALFORMED_ENCODING);
  const params = new URLSearchParams(form);
  for (const [name, value] of url.searchParams) params.append(name, value);
  return params;
}
