import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** An error whose message is safe and useful to send to the client, with its status. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
  limit?: number;
}

/** body-parser's error types, mapped to what the client did wrong. */
function describeBodyError(error: BodyParserError): HttpError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpError(400, `malformed JSON body: ${error.message ?? 'cannot parse'}`);
    case 'entity.too.large':
      return new HttpError(413, `request body is larger than the limit of ${error.limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, error.message ?? 'unsupported body encoding');
    case 'request.aborted':
      return new HttpError(400, 'request aborted by the client');
    default:
      // Other client errors from express and its parsers (a bad %-escape in the path, a corrupt
      // gzip body) carry a 4xx status and a message about the request, safe to send back.
      if (error.status && error.status >= 400 && error.status < 500) {
        return new HttpError(error.status, error.message ?? 'bad request');
      }
      return undefined;
  }
}

export function notFound(): RequestHandler {
  return (request, response) => {
    response.status(404).json({ error: `no route for ${request.method} ${request.path}` });
  };
}

/** The one place errors become responses: known ones with their status, the rest a logged 500. */
export function errorResponder(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    const known = error instanceof HttpError ? error : describeBodyError(error as BodyParserError);
    if (known) {
      response.status(known.status).json({ error: known.message });
      return;
    }
    logger.error({ err: error }, 'unhandled error');
    if (!response.headersSent) response.status(500).json({ error: 'internal error' });
  };
}
