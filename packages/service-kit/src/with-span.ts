import { type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/**
 * Runs `work` in a new active span. A thrown error is recorded on the span as an exception with
 * ERROR status and rethrown; the span always ends.
 */
export async function withSpan<T>(
  tracer: Tracer,
  name: string,
  work: (span: Span) => Promise<T> | T,
): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records `error` on `span` and sets its status to ERROR with the error's message. */
export function markFailed(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}
