/**
 * One Alertmanager's queue and the loop that empties it, as Prometheus 3's notifier/sendloop.go
 * does: `add` only enqueues (the oldest alerts dropped and counted past the capacity), the loop
 * posts batches of at most maxBatchSize. Unlike Prometheus, which drops a batch whose post fails,
 * a failed batch is retried with bounded backoff while its alerts are current: an alert is no
 * longer current once a newer copy of it (same labels) is queued, since evaluation re-sends
 * firing alerts every minute and resolved ones for 15 minutes. Retries give up after
 * retry.giveUpAfterMs (counted as dropped). Other Alertmanagers have their own loops, so a down
 * one never holds up the rest.
 */
import type { PostableAlert } from '../eval/rule-state.js';
import type { NotificationMetrics } from './notification-metrics.js';
import { postAlerts } from './post-alerts.js';

export interface RetryPolicy {
  /** The wait before the first retry; each later wait doubles, up to maxMs. */
  readonly initialMs: number;
  readonly maxMs: number;
  /** A batch still failing this long after its first failure is dropped. */
  readonly giveUpAfterMs: number;
}

export interface SendLoopOptions {
  /** The alerts endpoint (alertmanager-url.ts), also the `alertmanager` label. */
  readonly url: string;
  readonly queueCapacity: number;
  readonly maxBatchSize: number;
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  readonly retry: RetryPolicy;
  readonly metrics: NotificationMetrics;
  readonly log: (message: string) => void;
}

export interface SendLoop {
  add(alerts: readonly PostableAlert[]): void;
  /** Stops taking alerts, posts what is queued once (for at most one timeout), then resolves. */
  stop(): Promise<void>;
}

interface FailedBatch {
  alerts: readonly PostableAlert[];
  firstFailedAt: number;
  attempts: number;
}

export function startSendLoop(options: SendLoopOptions): SendLoop {
  const { url, metrics, log } = options;
  const labels = { alertmanager: url };
  let queue: PostableAlert[] = [];
  let wake: (() => void) | undefined;
  let stopping = false;
  let abandoned = false;
  let failing = false;
  const stopped = new AbortController();
  const posts = new AbortController();

  const drop = (count: number, why: string) => {
    if (count === 0) return;
    metrics.dropped.inc(labels, count);
    log(`notifier: dropped ${count} alerts for ${url}: ${why}`);
  };

  const add = (alerts: readonly PostableAlert[]) => {
    if (stopping || alerts.length === 0) return;
    const capacity = options.queueCapacity;
    const incoming = alerts.length > capacity ? alerts.slice(-capacity) : alerts;
    const overflow = Math.max(0, queue.length + incoming.length - capacity);
    if (overflow > 0) queue.splice(0, overflow);
    for (const alert of incoming) queue.push(alert);
    metrics.queueLength.set(labels, queue.length);
    drop(alerts.length - incoming.length + overflow, 'the queue is full');
    wake?.();
  };

  const attempt = async (alerts: readonly PostableAlert[]): Promise<boolean> => {
    const begin = performance.now();
    try {
      await postAlerts(url, JSON.stringify(alerts), {
        timeoutMs: options.timeoutMs,
        maxAnswerBytes: options.maxAnswerBytes,
        signal: posts.signal,
      });
    } catch (error) {
      metrics.errors.inc(labels, alerts.length);
      log(`notifier: error sending ${alerts.length} alerts to ${url}: ${(error as Error).message}`);
      failing = true;
      return false;
    }
    const seconds = (performance.now() - begin) / 1000;
    metrics.latency.observe(labels, seconds);
    metrics.latencyHistogram.observe(labels, seconds);
    metrics.sent.inc(labels, alerts.length);
    if (failing) log(`notifier: ${url} accepts alerts again`);
    failing = false;
    return true;
  };

  /** The batch's alerts that no newer queued copy replaces. */
  const stillCurrent = (alerts: readonly PostableAlert[]) => {
    const queued = new Set(queue.map(identityOf));
    return alerts.filter((alert) => !queued.has(identityOf(alert)));
  };

  const nextBatch = async (): Promise<PostableAlert[] | undefined> => {
    while (queue.length === 0) {
      if (stopping) return undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    const batch = queue.splice(0, options.maxBatchSize);
    metrics.queueLength.set(labels, queue.length);
    return batch;
  };

  const run = async () => {
    let failed: FailedBatch | undefined;
    for (;;) {
      if (abandoned) {
        drop(queue.length + (failed?.alerts.length ?? 0), 'the notifier stopped');
        queue = [];
        metrics.queueLength.set(labels, 0);
        return;
      }
      if (!failed) {
        const batch = await nextBatch();
        if (!batch) return;
        if (await attempt(batch)) continue;
        if (stopping) drop(batch.length, 'the notifier stopped');
        else failed = { alerts: batch, firstFailedAt: Date.now(), attempts: 1 };
        continue;
      }
      const wait = Math.min(
        options.retry.maxMs,
        options.retry.initialMs * 2 ** (failed.attempts - 1),
      );
      await sleep(wait, stopped.signal);
      const current = stillCurrent(failed.alerts);
      const { firstFailedAt, attempts } = failed;
      failed = undefined;
      if (current.length === 0 || abandoned) continue;
      if (!stopping && Date.now() - firstFailedAt > options.retry.giveUpAfterMs) {
        drop(current.length, `still failing after ${options.retry.giveUpAfterMs / 1000}s`);
        continue;
      }
      if (await attempt(current)) continue;
      if (stopping) drop(current.length, 'the notifier stopped');
      else failed = { alerts: current, firstFailedAt, attempts: attempts + 1 };
    }
  };
  const done = run().catch((error: Error) =>
    log(`notifier: send loop for ${url} failed: ${error.message}`),
  );

  return {
    add,
    async stop() {
      if (!stopping) {
        stopping = true;
        stopped.abort();
        wake?.();
        // The queue gets one timeout to drain; then whatever is in flight is cancelled.
        const deadline = setTimeout(() => {
          abandoned = true;
          posts.abort();
        }, options.timeoutMs);
        void done.finally(() => clearTimeout(deadline));
      }
      await done;
    },
  };
}

/** One alert's identity: its label set. */
function identityOf(alert: PostableAlert): string {
  return JSON.stringify(Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
