import { useEffect, useMemo, useState } from 'preact/hooks';
import { useFetch } from '../../api/use-fetch.js';
import type { Dashboard, TemplateVariable } from '../../model/dashboards/grafana-types.js';
import { gridArea, layoutPanels } from '../../model/dashboards/layout.js';
import {
  type DashboardUrlState,
  decodeDashboardState,
  describeWindow,
  encodeDashboardState,
  isZoomed,
  REFRESH_OPTIONS,
  refreshMs,
  TIME_PRESETS,
  timeWindow,
  zoomedWindow,
} from '../../model/dashboards/url-state.js';
import {
  builtins,
  parseLabelValues,
  queryStep,
  selectedValues,
  variableQuery,
  variableText,
} from '../../model/dashboards/variables.js';
import { navigate } from '../../router.js';
import { fetchDashboard, labelValues } from './dashboard-api.js';
import { PanelView, type QueryWindow } from './panel-view.js';
import { useLiveFetch } from './use-live-fetch.js';
import { VariableSelect } from './variable-select.js';
import { ZoomContext } from './zoom-context.js';

export function DashboardView({ uid, search }: { uid: string; search: string }) {
  const state = useFetch(`dashboard:${uid}`, (signal) => fetchDashboard(uid, signal));
  if (state.status === 'loading' || state.status === 'idle')
    return <p class="notice">Loading dashboard…</p>;
  if (state.status === 'error') return <p class="notice error">{state.message}</p>;
  return <DashboardBody uid={uid} dashboard={state.data} search={search} />;
}

/** Options of each variable: label_values() from the Prometheus API, custom lists split on commas. */
async function loadOptions(
  variables: TemplateVariable[],
  start: number,
  end: number,
  signal: AbortSignal,
): Promise<Record<string, string[]>> {
  const entries = await Promise.all(
    variables.map(async (variable): Promise<[string, string[]]> => {
      const query = variableQuery(variable);
      if (variable.type === 'custom')
        return [
          variable.name,
          query
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ];
      if (variable.type === 'constant' || variable.type === 'textbox')
        return [variable.name, [query]];
      const parsed = parseLabelValues(query);
      if (!parsed)
        return [variable.name, (variable.options ?? []).map((o) => String(o.value ?? ''))];
      try {
        return [variable.name, await labelValues(parsed.label, parsed.match, start, end, signal)];
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        return [variable.name, []];
      }
    }),
  );
  return Object.fromEntries(entries);
}

function DashboardBody({
  uid,
  dashboard,
  search,
}: {
  uid: string;
  dashboard: Dashboard;
  search: string;
}) {
  const urlState = decodeDashboardState(search);
  const refresh = urlState.refresh ?? '';
  const [now, setNow] = useState(() => Date.now());
  // A new range or refresh choice queries from the current moment.
  useEffect(() => setNow(Date.now()), [urlState.from, urlState.to, refresh]);
  useEffect(() => {
    const every = refreshMs(refresh);
    if (!every) return;
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [refresh]);

  const { start, end } = timeWindow(urlState, dashboard.time, now);
  const step = queryStep(end - start);
  const variables = (dashboard.templating?.list ?? []).filter(
    (v): v is TemplateVariable => !!v && typeof v.name === 'string' && v.type !== 'adhoc',
  );
  const optionsKey = JSON.stringify([uid, variables.map(variableQuery), Math.floor(now / 60_000)]);
  const options = useLiveFetch(optionsKey, (signal) => loadOptions(variables, start, end, signal));
  const optionsOf = (name: string) => options.data?.[name] ?? [];

  const values: Record<string, string> = { ...builtins(end - start, step) };
  const selected: Record<string, string[]> = {};
  for (const variable of variables) {
    const chosen = selectedValues(
      variable,
      urlState.vars[variable.name] ?? [],
      optionsOf(variable.name),
    );
    selected[variable.name] = chosen;
    values[variable.name] = variableText(variable, chosen, optionsOf(variable.name));
  }
  const update = (change: Partial<DashboardUrlState>) =>
    navigate(`${location.pathname}${encodeDashboardState({ ...urlState, ...change })}`, {
      replace: true,
    });
  // A zoom is a new entry in the history, so the back button undoes it.
  const zoomTo = (zoomStart: number, zoomEnd: number) =>
    navigate(
      `${location.pathname}${encodeDashboardState({ ...urlState, ...zoomedWindow(zoomStart, zoomEnd) })}`,
    );
  const placed = useMemo(() => layoutPanels(dashboard.panels), [dashboard]);
  const window: QueryWindow = { start, end, step, now };
  const from = urlState.from ?? dashboard.time?.from ?? 'now-15m';

  return (
    <section class="dashboard">
      <header class="dashboard-bar">
        <h1>
          <a href="/dashboards">Dashboards</a> / {dashboard.title || uid}
        </h1>
        {variables.map((variable) => (
          <VariableSelect
            key={variable.name}
            variable={variable}
            options={optionsOf(variable.name)}
            selected={selected[variable.name] ?? []}
            onChange={(chosen) => update({ vars: { ...urlState.vars, [variable.name]: chosen } })}
          />
        ))}
        <span class="spacer" />
        <label>
          Range{' '}
          <select
            aria-label="time range"
            value={from}
            onChange={(e) => update({ from: e.currentTarget.value, to: 'now' })}
          >
            {!TIME_PRESETS.some(([value]) => value === from) && (
              <option value={from}>
                {isZoomed(urlState) ? describeWindow(start, end, now) : from}
              </option>
            )}
            {TIME_PRESETS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Refresh{' '}
          <select
            aria-label="auto refresh"
            value={refresh}
            onChange={(e) => update({ refresh: e.currentTarget.value || undefined })}
          >
            {REFRESH_OPTIONS.map((value) => (
              <option key={value} value={value}>
                {value || 'off'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setNow(Date.now())} title="query again now">
          ↻
        </button>
      </header>
      {dashboard.description && <p class="muted">{dashboard.description}</p>}
      <ZoomContext.Provider value={zoomTo}>
        <div class="dashboard-grid">
          {placed.map(({ panel, pos }, index) => (
            <div
              class="panel-cell"
              key={panel.id ?? `i${index}`}
              style={{ gridArea: gridArea(pos) }}
            >
              <PanelView
                panel={panel}
                values={values}
                window={window}
                ready={options.data !== undefined || options.error !== undefined}
              />
            </div>
          ))}
        </div>
      </ZoomContext.Provider>
    </section>
  );
}
