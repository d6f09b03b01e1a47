import { useMemo, useState } from 'preact/hooks';
import { fetchRules } from '../../api/rules-api.js';
import { activeAlerts, countRuleStates, rulesByFile } from '../../model/alerts/rules-view.js';
import { decodeAlertsState, encodeAlertsState } from '../../model/alerts/url-state.js';
import { navigate } from '../../router.js';
import { ActiveAlerts } from './active-alerts.js';
import { AlertsFilters, REFRESH_CHOICES } from './alerts-filters.js';
import { RuleGroups } from './rule-groups.js';
import { usePolling } from './use-polling.js';
import './alerts.css';

/** How often the page refreshes is a preference, kept in local storage. */
const REFRESH_KEY = 'otel-lab.alerts.refresh';
const DEFAULT_REFRESH_MS = 15_000;

function storedRefreshMs(): number {
  const stored = localStorage.getItem(REFRESH_KEY);
  const choice = REFRESH_CHOICES.find(([ms]) => String(ms) === stored);
  return choice ? choice[0] : DEFAULT_REFRESH_MS;
}

/**
 * /alerts: the firing and pending alerts, then every rule by file and group with its state,
 * health and last evaluation, from /api/v1/rules, refreshed on an interval.
 */
export function AlertsPage({ search }: { search: string }) {
  const state = decodeAlertsState(search);
  const [refreshMs, setRefreshMs] = useState(storedRefreshMs);
  const [again, setAgain] = useState(0);
  const polled = usePolling(fetchRules, { intervalMs: refreshMs, again });
  const groups = polled.data?.groups;
  const view = useMemo(
    () =>
      groups && {
        files: rulesByFile(groups, state),
        alerts: activeAlerts(groups, state),
        counts: countRuleStates(groups),
      },
    [groups, search],
  );
  return (
    <div class="alerts-page">
      <AlertsFilters
        state={state}
        counts={view?.counts ?? { inactive: 0, pending: 0, firing: 0 }}
        onChange={(next, options) => navigate(`/alerts${encodeAlertsState(next)}`, options)}
        refreshMs={refreshMs}
        onRefreshMs={(ms) => {
          localStorage.setItem(REFRESH_KEY, String(ms));
          setRefreshMs(ms);
        }}
        onRefreshNow={() => setAgain((n) => n + 1)}
      />
      {polled.error && <p class="error alerts-error">{polled.error.message}</p>}
      {!polled.data && !polled.error && <p class="notice">Loading the rules…</p>}
      {view && groups && (
        <>
          <section>
            <h2>Active alerts</h2>
            <ActiveAlerts alerts={view.alerts} now={polled.at} />
          </section>
          <section>
            <h2>Rules</h2>
            {groups.length === 0 ? (
              <p class="notice">
                No rules loaded: start the backend with <code>--rules FILE</code> (the lab's are in
                infrastructure/rules/lab.rules.yml).
              </p>
            ) : view.files.length === 0 ? (
              <p class="notice">No rule matches the filters.</p>
            ) : (
              <RuleGroups files={view.files} now={polled.at} />
            )}
          </section>
        </>
      )}
    </div>
  );
}
