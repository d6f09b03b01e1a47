import type { ServerResponse } from 'node:http';

/** A request Tempo would refuse: its status and Tempo's plain-text message. */
export class TempoError extends Error {
  override name = 'TempoError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Tempo writes its errors with Go's http.Error: the message as plain text. */
export function sendTempoError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  response.end(`${message}\n`);
}
