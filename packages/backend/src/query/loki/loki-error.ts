/**
 * Errors the Loki API answers: Loki writes them with Go's http.Error, a plain-text message and a
 * newline, with the status saying whose fault it was (400 for the request's).
 */
import type { ServerResponse } from 'node:http';

export class LokiError extends Error {
  override name = 'LokiError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function sendLokiError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  response.end(`${message}\n`);
}

/** 200 with a JSON body, as Loki's handlers write it (with a newline after it). */
export function sendLokiJson(response: ServerResponse, text: string): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(`${text}\n`);
}
