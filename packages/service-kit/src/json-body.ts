import express, { type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { HttpError } from './http-errors.js';

export const MAX_BODY_BYTES = 16 * 1024;

/** True when the request carries a body at all (curl -X POST with no data sends none). */
export function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/** JSON bodies up to 16 KiB; a body of another content type is refused with 415. */
export function jsonBody(): RequestHandler[] {
  return [
    (request, _response, next) => {
      if (hasBody(request) && !request.is('application/json')) {
        next(
          new HttpError(
            415,
            `content-type must be application/json, got ${request.headers['content-type'] ?? 'none'}`,
          ),
        );
        return;
      }
      next();
    },
    express.json({ limit: MAX_BODY_BYTES, strict: true }),
  ];
}

/** Validates a parsed body, naming each problem by its path ("items.0.quantity: ..."). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
  throw new HttpError(400, `invalid ${what}: ${problems.join('; ')}`);
}
