/** Check 4: the dashboard has four or more panels and every PromQL query of them has data. */
import {
  BUILT_INS,
  dashboardPanels,
  type Panel,
  type PanelQuery,
  substitute,
  variablePlans,
} from '../dashboard-panels.js';
import { PENDING, pendingOfQuery } from '../pending.js';
import { finite, instantQuery, labelValues } from '../prometheus-api.js';
import { type CheckResult, checkOf, type Evidence, fail, pass, skip } from '../result.js';
import { describeSamples } from '../sample-text.js';
import { type CheckContext, TRAFFIC_HINT } from './context.js';
import { grafanaEvidence } from './grafana.js';

export const MIN_PANELS = 4;

export interface DashboardFile {
  /** As given, for the evidence. */
  path: string;
  json: Record<string, unknown>;
}

/** Each variable's value for the check; label_values variables ask Prometheus. */
async function variableValues(context: CheckContext, dashboard: DashboardFile) {
  const values: Record<string, string> = { ...BUILT_INS };
  const evidence: Evidence[] = [];
  for (const plan of variablePlans(dashboard.json)) {
    if ('value' in plan) {
      values[plan.name] = plan.value;
      continue;
    }
    const { label, match } = plan.labelValuesOf;
    const answer = await labelValues(context.get, context.sources.prometheus, label, match);
    const first = 'values' in answer ? answer.values[0] : undefined;
    values[plan.name] = first ?? '.*';
    if ('error' in answer) evidence.push(fail(`variable $${plan.name}: ${answer.error}`));
    else if (first === undefined) {
      evidence.push(
        fail(`variable $${plan.name}: ${label} has no values yet; ${TRAFFIC_HINT}`, PENDING.scrape),
      );
    }
  }
  return { values, evidence };
}

async function panelEvidence(
  context: CheckContext,
  panel: Panel,
  values: Record<string, string>,
): Promise<Evidence[]> {
  const head = `${panel.title} (${panel.type})`;
  if (panel.queries.length === 0) {
    const sources =
      panel.otherSources.length > 0 ? `${panel.otherSources.join(', ')} data source` : 'no query';
    const why = panel.otherSources.includes('jaeger') ? '; traces are check 2' : '';
    return [skip(`${head}: ${sources}: counted, not queried${why}`)];
  }
  return Promise.all(
    panel.queries.map(async (query: PanelQuery) => {
      const name = panel.queries.length > 1 ? `${head} ${query.refId}` : head;
      const resolved = substitute(query.expr, values);
      const answer = await instantQuery(context.get, context.sources.prometheus, resolved);
      if ('error' in answer) return fail(`${name}: ${answer.error}`);
      const data = finite(answer.samples);
      if (data.length === 0) {
        const none =
          answer.samples.length === 0 ? 'no data' : 'only NaN (no requests in its window)';
        return fail(`${name}: ${none} for ${resolved}; ${TRAFFIC_HINT}`, pendingOfQuery(resolved));
      }
      const legend = query.legendFormat === undefined ? {} : { legendFormat: query.legendFormat };
      return pass(`${name}: ${describeSamples(data, legend)}`);
    }),
  );
}

export async function checkDashboard(
  context: CheckContext,
  dashboard: DashboardFile,
): Promise<CheckResult> {
  const panels = dashboardPanels(dashboard.json);
  const title = typeof dashboard.json.title === 'string' ? ` "${dashboard.json.title}"` : '';
  const count = `dashboard ${dashboard.path}${title}: ${panels.length} panels`;
  const evidence: Evidence[] = [
    panels.length >= MIN_PANELS ? pass(count) : fail(`${count}, fewer than ${MIN_PANELS}`),
  ];
  const { values, evidence: variables } = await variableValues(context, dashboard);
  evidence.push(...variables);
  for (const panel of panels) evidence.push(...(await panelEvidence(context, panel, values)));
  if (context.sources.grafana) {
    const uid = typeof dashboard.json.uid === 'string' ? dashboard.json.uid : undefined;
    evidence.push(...(await grafanaEvidence(context, context.sources.grafana, uid ? { uid } : {})));
  }
  return checkOf(4, `Dashboard with ${MIN_PANELS}+ panels, every query with data`, evidence);
}
