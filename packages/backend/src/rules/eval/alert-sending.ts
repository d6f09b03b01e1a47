/**
 * Which alerts an evaluation hands to the notifier and how, as Prometheus's sendAlerts,
 * SendAlerts and the notifier's external labels build them.
 */
import { type AlertEntry, needsSending } from './alert-entry';
import type { PostableAlert } from './rule-state';

export interface SendContext {
  readonly resendDelayMs: number;
  readonly intervalMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly generatorURL: string;
}

/**
 * Marks the alerts due at `ts` as sent and returns them: a firing alert is valid for four times
 * the larger of the resend delay and the interval (two missed evaluations or sends to spare),
 * a resolved one ends when it resolved.
 */
export function takeDueAlerts(
  alerts: Iterable<AlertEntry>,
  ts: number,
  context: SendContext,
): PostableAlert[] {
  const out: PostableAlert[] = [];
  for (const a of alerts) {
    if (!needsSending(a, ts, context.resendDelayMs)) continue;
    a.lastSentAt = ts;
    a.validUntil = ts + 4 * Math.max(context.intervalMs, context.resendDelayMs);
    const labels: Record<string, string> = { ...a.labels };
    // External labels fill in only what the alert does not already have.
    for (const [name, value] of Object.entries(context.externalLabels)) {
      if ((labels[name] ?? '') === '') labels[name] = value;
    }
    out.push({
      labels: sortRecord(labels),
      annotations: { ...a.annotations },
      // Prometheus sends when the alert started firing; activeAt only if it never did.
      startsAt: rfc3339(a.firedAt ?? a.activeAt),
      endsAt: rfc3339(a.resolvedAt ?? a.validUntil),
      generatorURL: context.generatorURL,
    });
  }
  return out;
}

/** Prometheus's TableLinkForExpression, after the external URL. */
export function generatorUrl(externalUrl: string, expr: string): string {
  return `${externalUrl}/graph?g0.expr=${goQueryEscape(expr)}&g0.tab=1`;
}

/** Go's url.QueryEscape: only letters, digits and -_.~ stay; a space becomes '+'. */
export function goQueryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** A time as Go's JSON writes it (RFC 3339, fraction without trailing zeros). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

function sortRecord(record: Record<string, string>): Record<string, string> {
  const names = Object.keys(record).sort();
  return Object.fromEntries(names.map((n) => [n, record[n] as string]));
}
