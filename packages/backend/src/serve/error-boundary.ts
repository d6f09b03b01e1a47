/**
 * One error boundary per port: whatever a request handler throws, synchronously or as a
 * rejection, is answered (400 for a malformed request, 500 otherwise) and logged, and the process
 * goes on, as Go's net/http recovers a handler's panic for Prometheus and Jaeger. A middleware in
 * shape (a handler in, a handler out), so a router can take it as its error handler later.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf } from './request-target.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** Writes an error answer in the port's own shape; called only while nothing has been sent. */
export type ErrorAnswer = (
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
) => void;

export interface ErrorBoundaryOptions {
  answer: ErrorAnswer;
  /** One line per failure the server is to blame for. */
  log: (message: string) => void;
}

export const MALFORMED_ENCODING =
  'invalid percent-encoding in the request: every % must start an escape of two hex digits, and the escaped bytes must be UTF-8';

/** Errors the request caused: a bad percent-escape (URIError) or a target URL cannot parse. */
function isMalformedRequest(error: unknown): boolean {
  return (
    error instanceof URIError || (error as NodeJS.ErrnoException | null)?.code === 'ERR_INVALID_URL'
  );
}

/** Any thrown value as one line for the log, with the stack when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return `non-error thrown: ${JSON.stringify(error)}`;
  } catch {
    return `non-error thrown: ${String(error)}`;
  }
}

export function withErrorBoundary(
  handler: RequestHandler,
  options: ErrorBoundaryOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    // Writing after the end emits 'error' on the response; unheard, that would end the process.
    response.on('error', (error) =>
      options.log(`${request.method} ${pathOf(request)}: response failed: ${describeError(error)}`),
    );
    const fail = (error: unknown) => {
      const malformed = isMalformedRequest(error);
      if (!malformed) {
        options.log(`${request.method} ${pathOf(request)} failed: ${describeError(error)}`);
      }
      if (response.headersSent || response.writableEnded) {
        response.destroy();
        return;
      }
      request.resume();
      try {
        if (malformed) options.answer(request, response, 400, MALFORMED_ENCODING);
        else {
          options.answer(request, response, 500, 'internal error: the backend log says more');
        }
      } catch (answerError) {
        options.log(`cannot answer the failure: ${describeError(answerError)}`);
        response.destroy();
      }
    };
    try {
      Promise.resolve(handler(request, response)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
