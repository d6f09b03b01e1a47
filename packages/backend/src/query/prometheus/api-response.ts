/**
 * The Prometheus HTTP API's envelope and error kinds, mapped to HTTP status codes in one place,
 * as web/api/v1 maps them: {status:"success", data, warnings?} or
 * {status:"error", errorType, error}.
 */
import type { ServerResponse } from 'node:http';

export type ApiErrorType =
  | 'bad_data'
  | 'execution'
  | 'canceled'
  | 'timeout'
  | 'internal'
  | 'not_found'
  | 'unavailable';

const STATUS: Record<ApiErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  internal: 500,
  not_found: 404,
  unavailable: 503,
};

/** An error with its kind; the message is shown to the caller as it is. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly errorType: ApiErrorType,
    message: string,
    /** Overrides the kind's status (405 for a method, 413 for a body). */
    readonly status: number = STATUS[errorType],
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function sendApiData(
  response: ServerResponse,
  data: unknown,
  warnings: string[] = [],
): void {
  send(
    response,
    200,
    warnings.length > 0 ? { status: 'success', data, warnings } : { status: 'success', data },
  );
}

/** The same envelope around data that is JSON text already. */
export function sendApiJson(response: ServerResponse, json: string, warnings: string[] = []): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  const extra = warnings.length > 0 ? `,"warnings":${JSON.stringify(warnings)}` : '';
  response.end(`{"status":"success","data":${json}${extra}}`);
}

export function sendApiError(response: ServerResponse, error: ApiError): void {
  send(response, error.status, {
    status: 'error',
    errorType: error.errorType,
    error: error.message,
  });
}

/** The same envelope around data that is UTF-8 JSON already (a query worker's answer). */
export function sendApiBytes(
  response: ServerResponse,
  json: Uint8Array,
  warnings: string[] = [],
): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  const extra = warnings.length > 0 ? `,"warnings":${JSON.stringify(warnings)}` : '';
  response.write('{"status":"success","data":');
  response.write(json);
  response.end(`${extra}}`);
}
