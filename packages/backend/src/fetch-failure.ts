/**
 * fetch's "fetch failed" hides the reason (ECONNREFUSED, a bad certificate, …) in `cause`; the
 * reason is what a user needs, so the scraper and the notifier both say it.
 */
export function describeFetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
