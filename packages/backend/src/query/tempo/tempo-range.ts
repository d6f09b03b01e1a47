import { TempoError } from './tempo-error.js';

const NS_PER_S = 1_000_000_000n;
const SECONDS = /^\d{1,12}$/;

/** A trace fetch's window in ns: `start` and `end` are Unix seconds, each optional. */
export interface TraceWindow {
  startNs?: bigint;
  endNs?: bigint;
}

function seconds(query: URLSearchParams, name: string): bigint | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!SECONDS.test(text)) {
    throw new TempoError(400, `invalid ${name}: ${JSON.stringify(text)} is not Unix seconds`);
  }
  return BigInt(text) * NS_PER_S;
}

/** The window of `start` and `end`; 400 when either is not seconds or end is before start. */
export function parseTraceWindow(query: URLSearchParams): TraceWindow {
  const startNs = seconds(query, 'start');
  const endNs = seconds(query, 'end');
  if (startNs !== undefined && endNs !== undefined && endNs < startNs) {
    throw new TempoError(400, 'invalid start and end: end is before start');
  }
  return { startNs, endNs };
}

/** Whether a span from `startNs` to `endNs` lies (in part) in the window. */
export function inWindow(window: TraceWindow, startNs: bigint, endNs: bigint): boolean {
  if (window.endNs !== undefined && startNs > window.endNs) return false;
  if (window.startNs !== undefined && endNs < window.startNs) return false;
  return true;
}
