/** The explorer's view state, all of it in the URL: /metrics?query=…&range=1h&step=15&tab=graph. */
export const RANGES = ['5m', '15m', '1h', '6h', '24h'] as const;
export type RangeName = (typeof RANGES)[number];
export type Tab = 'graph' | 'table';

export interface MetricsState {
  query: string;
  range: RangeName;
  /** Seconds between points; null lets the range choose (about 250 points). */
  step: number | null;
  tab: Tab;
  stacked: boolean;
  /** Exemplar dots on the graph; on unless the URL says exemplars=0. */
  exemplars: boolean;
}

export const DEFAULT_STATE: MetricsState = {
  query: '',
  range: '1h',
  step: null,
  tab: 'graph',
  stacked: false,
  exemplars: true,
};

export function decodeMetricsState(search: string): MetricsState {
  const params = new URLSearchParams(search);
  const range = params.get('range');
  const step = Number(params.get('step'));
  return {
    query: params.get('query') ?? '',
    range: RANGES.find((r) => r === range) ?? DEFAULT_STATE.range,
    step: params.has('step') && Number.isFinite(step) && step > 0 ? step : null,
    tab: params.get('tab') === 'table' ? 'table' : 'graph',
    stacked: params.get('stacked') === '1',
    exemplars: params.get('exemplars') !== '0',
  };
}

/** Only what differs from the defaults, in a fixed order, so equal states give equal URLs. */
export function encodeMetricsState(state: MetricsState): string {
  const params = new URLSearchParams();
  if (state.query) params.set('query', state.query);
  if (state.range !== DEFAULT_STATE.range) params.set('range', state.range);
  if (state.step !== null) params.set('step', String(state.step));
  if (state.tab !== DEFAULT_STATE.tab) params.set('tab', state.tab);
  if (state.stacked) params.set('stacked', '1');
  if (!state.exemplars) params.set('exemplars', '0');
  const text = params.toString();
  return text ? `?${text}` : '';
}
