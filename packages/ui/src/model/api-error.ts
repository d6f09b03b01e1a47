/**
 * The message an API error shows, as the API wrote it: Jaeger's errors[].msg, the Prometheus
 * API's and the native APIs' `error`, else the status and the start of the body.
 */
export function apiErrorMessage(status: number, statusText: string, body: string): string {
  const prefix = `${status}${statusText ? ` ${statusText}` : ''}`;
  try {
    const parsed = JSON.parse(body) as { errors?: { msg?: string }[] | null; error?: unknown };
    const jaeger = parsed.errors?.map((e) => e.msg).filter(Boolean);
    if (jaeger && jaeger.length > 0) return `${prefix}: ${jaeger.join('; ')}`;
    if (typeof parsed.error === 'string') return `${prefix}: ${parsed.error}`;
  } catch {
    // not JSON
  }
  const text = body.trim().slice(0, 300);
  return text ? `${prefix}: ${text}` : prefix;
}
