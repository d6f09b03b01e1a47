/** One alert's mutable state inside an alerting rule, as Prometheus's rules.Alert holds it. */
import type { Labels } from '../../metrics/sample';
import type { ActiveAlert } from './rule-state';

export interface AlertEntry {
  /** The series' labels without `__name__`, the rule's expanded labels, then `alertname`. */
  labels: Labels;
  annotations: Record<string, string>;
  /** `inactive` once resolved: kept for the resolved retention so it is sent as resolved. */
  state: 'pending' | 'firing' | 'inactive';
  value: number;
  /** All times in ms; undefined is Go's zero time. */
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  lastSentAt?: number;
  validUntil?: number;
  keepFiringSince?: number;
}

/** How long a resolved alert stays, so Alertmanager is told it resolved even after a hiccup. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

/** Prometheus's needsSending: never pending ones; resolved since the last send; or resend due. */
export function needsSending(alert: AlertEntry, ts: number, resendDelayMs: number): boolean {
  if (alert.state === 'pending') return false;
  if (alert.resolvedAt !== undefined && alert.resolvedAt > (alert.lastSentAt ?? -Infinity)) {
    return true;
  }
  // Go's zero LastSentAt is year 1: plus any delay it is before any real evaluation time.
  return alert.lastSentAt === undefined || alert.lastSentAt + resendDelayMs < ts;
}

/** The read-only view of a pending or firing alert that the API and tests see. */
export function toActiveAlert(alert: AlertEntry): ActiveAlert {
  return {
    labels: alert.labels,
    annotations: { ...alert.annotations },
    state: alert.state === 'firing' ? 'firing' : 'pending',
    activeAt: alert.activeAt,
    value: alert.value,
    ...(alert.firedAt === undefined ? {} : { firedAt: alert.firedAt }),
    ...(alert.keepFiringSince === undefined ? {} : { keepFiringSince: alert.keepFiringSince }),
  };
}
