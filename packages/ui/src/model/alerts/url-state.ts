import type { FilterState } from './rules-types.js';

/**
 * The alerts page's view state, in the URL as Prometheus's alerts page keeps it:
 * /alerts?state=firing&state=pending&search=latency.
 */
export interface AlertsViewState {
  /** The rule states shown; empty shows every rule. */
  states: FilterState[];
  /** Matched against rule names and labels, case-insensitively. */
  search: string;
}

export const RULE_STATES: readonly FilterState[] = ['inactive', 'pending', 'firing'];

export function decodeAlertsState(search: string): AlertsViewState {
  const params = new URLSearchParams(search);
  const asked = new Set(params.getAll('state'));
  return {
    // In one fixed order, whatever the URL's, so equal filters give equal URLs.
    states: RULE_STATES.filter((state) => asked.has(state)),
    search: params.get('search') ?? '',
  };
}

export function encodeAlertsState(state: AlertsViewState): string {
  const params = new URLSearchParams();
  for (const value of RULE_STATES) if (state.states.includes(value)) params.append('state', value);
  if (state.search) params.set('search', state.search);
  const text = params.toString();
  return text ? `?${text}` : '';
}
