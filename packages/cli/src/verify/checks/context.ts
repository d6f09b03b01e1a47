import type { GetJson } from '../http.js';
import type { Sources } from '../sources.js';

export interface CheckContext {
  get: GetJson;
  sources: Sources;
  /** The verification's now, milliseconds since the epoch. */
  nowMs: number;
}

/**
 * How far back telemetry counts as recent: the 5 minutes the lab's rate(…[5m]) queries and
 * Prometheus's instant-query lookback look at.
 */
export const RECENT_MS = 5 * 60_000;
export const RECENT = 'the last 5 minutes';

export const LAB_SERVICES = ['demo-app', 'payment-service'] as const;
export const ORDER_OPERATION = 'POST /api/orders';
export const TRAFFIC_HINT = 'run npm run traffic';
