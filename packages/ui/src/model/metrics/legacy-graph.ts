import { parseRange } from './range.js';
import { DEFAULT_STATE, encodeMetricsState, type MetricsState, parseEnd } from './url-state.js';

/** The explorer's path with this expression: what each rule's expression links to. */
export const explorerPath = (query: string, tab: MetricsState['tab'] = 'graph') =>
  `/query${encodeMetricsState({ ...DEFAULT_STATE, query, tab })}`;

/** Prometheus's old UI wrote end_input as "2026-12-07 10:30:00", meaning UTC. */
function legacyEnd(text: string | null): number | null {
  if (!text) return null;
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  return parseEnd(iso);
}

/**
 * The explorer's path for a Prometheus /graph link (g0.expr, g0.tab, g0.range_input, …), the
 * generatorURL Prometheus puts in every alert, so a link from Alertmanager opens the expression
 * here. The explorer has one panel: g0's settings are taken, the other panels' are dropped. Tabs
 * read as Prometheus 3 reads them: 0 or graph, 1 or table.
 */
export function legacyGraphPath(search: string): string {
  const params = new URLSearchParams(search);
  const get = (setting: string) => params.get(`g0.${setting}`);
  const tab = get('tab');
  const range = get('range_input');
  const step = Number(get('step_input'));
  return `/query${encodeMetricsState({
    ...DEFAULT_STATE,
    query: get('expr') ?? '',
    range: range && parseRange(range) !== null ? range : DEFAULT_STATE.range,
    end: legacyEnd(get('end_input')),
    step: Number.isFinite(step) && step > 0 ? step : null,
    tab: tab === '1' || tab === 'table' ? 'table' : 'graph',
    stacked: get('stacked') === '1',
    exemplars: get('show_exemplars') !== '0',
  })}`;
}
