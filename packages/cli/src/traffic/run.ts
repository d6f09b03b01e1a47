import { type Clock, realClock } from './clock.js';
import { runClosedLoop } from './closed-loop.js';
import { createHttpClient } from './http-client.js';
import { runOpenLoop } from './open-loop.js';
import type { TrafficOptions } from './options.js';
import { createRequestPlan, ENDPOINTS, type Endpoint, type PlannedRequest } from './plan.js';
import type { ProgressGoal } from './progress.js';
import { createTrafficStats, type TrafficStats } from './stats.js';
import { summarize, type TrafficSummary } from './summary.js';

export interface RunControls {
  /** Aborted: send nothing new, let the requests in flight finish. */
  stop: AbortSignal;
  /** Aborted: abandon the requests in flight too. */
  cancel: AbortSignal;
  clock?: Clock;
  /** Called once the statistics exist, e.g. to show progress from them. */
  onStart?(stats: TrafficStats): void;
}

/** What progress is measured against: the requests to send when known, otherwise the time. */
export function progressGoal(options: TrafficOptions): ProgressGoal {
  const { limit, mix, rate } = options;
  if ('iterations' in limit) return { requests: limit.iterations * (mix.orders + mix.products) };
  // The open loop schedules request i at i / rate for as long as that is within the duration.
  if (rate !== undefined) return { requests: Math.ceil((limit.durationMs / 1000) * rate) };
  return { durationMs: limit.durationMs };
}

/** Sends the traffic `options` describe and summarises it. */
export async function runTraffic(
  options: TrafficOptions,
  controls: RunControls,
): Promise<TrafficSummary> {
  const clock = controls.clock ?? realClock;
  const { stop, cancel } = controls;
  const plan = createRequestPlan(options.mix, options.seed);
  const endpoints: Endpoint[] = [];
  if (options.mix.orders > 0) endpoints.push('orders');
  if (options.mix.products > 0) endpoints.push('products');
  const stats = createTrafficStats(endpoints);
  controls.onStart?.(stats);
  const client = createHttpClient(options.target, options.concurrency);

  /** Sends one request and records it, its latency counted from `startedAt`. */
  async function send(planned: PlannedRequest, startedAt: number) {
    const { method, path } = ENDPOINTS[planned.endpoint];
    const outcome = await client.send({ method, path, body: planned.body }, cancel);
    stats.record(planned.endpoint, outcome, clock.now() - startedAt);
  }

  const startedAt = clock.now();
  try {
    if (options.rate === undefined) {
      await runClosedLoop({
        loops: options.concurrency,
        pauseMs: options.pauseMs,
        limit: options.limit,
        clock,
        stop,
        async round() {
          for (const planned of plan.nextRound()) {
            if (stop.aborted) return;
            await send(planned, clock.now());
          }
        },
      });
    } else {
      const limit =
        'iterations' in options.limit
          ? { requests: options.limit.iterations * plan.roundSize }
          : options.limit;
      await runOpenLoop({
        rate: options.rate,
        concurrency: options.concurrency,
        limit,
        clock,
        stop,
        fire: (_index, scheduledAt) => send(plan.next(), scheduledAt),
        onLateStart: () => stats.lateStart(),
      });
    }
  } finally {
    client.close();
  }
  return summarize(options, stats, {
    elapsedMs: clock.now() - startedAt,
    interrupted: stop.aborted,
  });
}
