/**
 * Sends the alerts rule evaluation hands over to every configured Alertmanager's v2 API
 * (POST /api/v2/alerts), as Prometheus's notifier does: `send` only enqueues, never blocks or
 * throws; each Alertmanager has its own queue and send loop (send-loop.ts); Prometheus's
 * prometheus_notifications_* metrics on the registry given.
 */
import type { Registry } from 'prom-client';
import type { AlertSender, PostableAlert } from '../eval/rule-state.js';
import { alertmanagerAlertsUrl } from './alertmanager-url.js';
import { createNotificationMetrics } from './notification-metrics.js';
import { type RetryPolicy, type SendLoop, startSendLoop } from './send-loop.js';

export interface AlertmanagerNotifierOptions {
  /** Alertmanagers' base URLs (http://host:9093, or with a path prefix). */
  readonly urls: readonly string[];
  readonly registry: Registry;
  readonly log: (message: string) => void;
  /** Alerts queued per Alertmanager before the oldest are dropped; Prometheus's default. */
  readonly queueCapacity?: number;
  /** At most this many alerts per post; Prometheus's default. */
  readonly maxBatchSize?: number;
  /** Per post; Prometheus's default alertmanager_config timeout. */
  readonly timeoutMs?: number;
  /** How much of an Alertmanager's answer is read. */
  readonly maxAnswerBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
}

export interface AlertmanagerNotifier extends AlertSender {
  /** Stops taking alerts and posts what is queued, for at most one timeout. */
  stop(): Promise<void>;
}

export const NOTIFIER_DEFAULTS = {
  queueCapacity: 10_000,
  maxBatchSize: 256,
  timeoutMs: 10_000,
  maxAnswerBytes: 64 * 1024,
  retry: { initialMs: 1000, maxMs: 30_000, giveUpAfterMs: 15 * 60_000 },
} as const;

/** Throws, with the URL and what is wrong, on a URL that is not an Alertmanager's base URL. */
export function createAlertmanagerNotifier(
  options: AlertmanagerNotifierOptions,
): AlertmanagerNotifier {
  // The same Alertmanager twice would get every alert twice: Prometheus keeps one of each URL.
  const urls = [...new Set(options.urls.map(alertmanagerAlertsUrl))];
  const queueCapacity = options.queueCapacity ?? NOTIFIER_DEFAULTS.queueCapacity;
  const metrics = createNotificationMetrics(options.registry, urls, queueCapacity);
  const loops: SendLoop[] = urls.map((url) =>
    startSendLoop({
      url,
      queueCapacity,
      maxBatchSize: options.maxBatchSize ?? NOTIFIER_DEFAULTS.maxBatchSize,
      timeoutMs: options.timeoutMs ?? NOTIFIER_DEFAULTS.timeoutMs,
      maxAnswerBytes: options.maxAnswerBytes ?? NOTIFIER_DEFAULTS.maxAnswerBytes,
      retry: { ...NOTIFIER_DEFAULTS.retry, ...options.retry },
      metrics,
      log: options.log,
    }),
  );
  return {
    send(alerts: readonly PostableAlert[]) {
      for (const loop of loops) loop.add(alerts);
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
