import { parseRange } from './range.js';

/**
 * The explorer's view state, all of it in the URL:
 * /query?query=…&range=1h&end=2026-11-26T18:00:00Z&step=15&tab=graph.
 */
export type Tab = 'graph' | 'table';

export interface MetricsState {
  query: string;
  /** A duration: one of RANGES, or any other (`7m30s`) after a zoom. */
  range: string;
  /** Epoch seconds the range ends at; null follows now. */
  end: number | null;
  /** Seconds between points; null lets the range choose (about 250 points). */
  step: number | null;
  tab: Tab;
  stacked: boolean;
  /** Exemplar dots on the graph; on unless the URL says exemplars=0. */
  exemplars: boolean;
  /** Classic bucket series as a heatmap; off (lines) when the URL says heatmap=0. */
  heatmap: boolean;
  /** p50/p90/p99 lines over a heatmap, when the URL says quantiles=1. */
  quantiles: boolean;
}

export const DEFAULT_STATE: MetricsState = {
  query: '',
  range: '1h',
  end: null,
  step: null,
  tab: 'graph',
  stacked: false,
  exemplars: true,
  heatmap: true,
  quantiles: false,
};

/** 9999-12-31T23:59:59Z: later ends cannot be written back as RFC 3339. */
const LAST_SECOND = 253_402_300_799;

/** `end` as RFC 3339 (what links carry) or epoch seconds (what Prometheus's API takes). */
export function parseEnd(text: string | null): number | null {
  if (!text) return null;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  return seconds > 0 && seconds <= LAST_SECOND ? Math.round(seconds) : null;
}

/** Epoch seconds as the RFC 3339 a link carries, without milliseconds. */
export const formatEnd = (seconds: number) =>
  new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

export function decodeMetricsState(search: string): MetricsState {
  const params = new URLSearchParams(search);
  const range = params.get('range');
  const step = Number(params.get('step'));
  return {
    query: params.get('query') ?? '',
    range: range && parseRange(range) !== null ? range : DEFAULT_STATE.range,
    end: parseEnd(params.get('end')),
    step: params.has('step') && Number.isFinite(step) && step > 0 ? step : null,
    tab: params.get('tab') === 'table' ? 'table' : 'graph',
    stacked: params.get('stacked') === '1',
    exemplars: params.get('exemplars') !== '0',
    heatmap: params.get('heatmap') !== '0',
    quantiles: params.get('quantiles') === '1',
  };
}

/** Only what differs from the defaults, in a fixed order, so equal states give equal URLs. */
export function encodeMetricsState(state: MetricsState): string {
  const params = new URLSearchParams();
  if (state.query) params.set('query', state.query);
  if (state.range !== DEFAULT_STATE.range) params.set('range', state.range);
  if (state.end !== null) params.set('end', formatEnd(state.end));
  if (state.step !== null) params.set('step', String(state.step));
  if (state.tab !== DEFAULT_STATE.tab) params.set('tab', state.tab);
  if (state.stacked) params.set('stacked', '1');
  if (!state.exemplars) params.set('exemplars', '0');
  if (!state.heatmap) params.set('heatmap', '0');
  if (state.quantiles) params.set('quantiles', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}
