import type { StateCounts } from '../../model/alerts/rules-view.js';
import { type AlertsViewState, RULE_STATES } from '../../model/alerts/url-state.js';

/** The refresh intervals offered (ms); 0 is off. */
export const REFRESH_CHOICES = [
  [0, 'off'],
  [5_000, '5s'],
  [15_000, '15s'],
  [30_000, '30s'],
  [60_000, '1m'],
] as const;

/**
 * The state toggles (with how many alerting rules are in each), the name search, and how often
 * the page refreshes, as Prometheus's alerts page offers them.
 */
export function AlertsFilters(props: {
  state: AlertsViewState;
  counts: StateCounts;
  onChange(next: AlertsViewState, options: { replace: boolean }): void;
  refreshMs: number;
  onRefreshMs(ms: number): void;
  onRefreshNow(): void;
}) {
  const { state, counts, onChange } = props;
  const toggle = (value: (typeof RULE_STATES)[number]) => {
    const states = state.states.includes(value)
      ? state.states.filter((s) => s !== value)
      : [...state.states, value];
    onChange({ ...state, states }, { replace: false });
  };
  return (
    <div class="alerts-filters">
      <fieldset class="state-filter">
        <legend>State</legend>
        {RULE_STATES.map((value) => (
          <label key={value} class={`state-toggle state-${value}`}>
            <input
              type="checkbox"
              checked={state.states.includes(value)}
              onChange={() => toggle(value)}
            />
            {value} ({counts[value]})
          </label>
        ))}
      </fieldset>
      <input
        type="search"
        class="alerts-search"
        aria-label="search rules"
        placeholder="Filter by rule name or label"
        value={state.search}
        onInput={(event) =>
          // Typing replaces the history entry: the back button should not replay each letter.
          onChange({ ...state, search: event.currentTarget.value }, { replace: true })
        }
      />
      <label class="alerts-refresh">
        refresh
        <select
          aria-label="refresh interval"
          value={String(props.refreshMs)}
          onChange={(event) => props.onRefreshMs(Number(event.currentTarget.value))}
        >
          {REFRESH_CHOICES.map(([ms, label]) => (
            <option key={ms} value={String(ms)}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onRefreshNow}>
        Refresh now
      </button>
    </div>
  );
}
