/**
 * A Grafana dashboard's panels and their PromQL, with template variables replaced: pure, so the
 * rules are tested without a Prometheus.
 */

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export interface PanelQuery {
  refId: string;
  /** As written, with variables. */
  expr: string;
  legendFormat?: string;
}

export interface Panel {
  title: string;
  type: string;
  /** The PromQL targets; other data sources' targets are not among them. */
  queries: PanelQuery[];
  /** Data source types of the targets that are not PromQL (jaeger, loki, …). */
  otherSources: string[];
}

/**
 * A data source reference's type: {type, uid}, or a plain name as older dashboards write it
 * ("Prometheus", "${DS_PROMETHEUS}", "Loki"; "default" is the default data source).
 */
function sourceType(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const name = value.toLowerCase();
    if (name.includes('prometheus')) return 'prometheus';
    return name === 'default' || name === '' ? undefined : name;
  }
  const type = record(value).type;
  return typeof type === 'string' ? type : undefined;
}

/** Panels at the top and inside rows; rows themselves are not panels. */
export function dashboardPanels(dashboard: Json): Panel[] {
  const panels: Panel[] = [];
  const visit = (value: unknown) => {
    const panel = record(value);
    if (panel.type === 'row') {
      for (const inner of list(panel.panels)) visit(inner);
      return;
    }
    const queries: PanelQuery[] = [];
    const otherSources: string[] = [];
    for (const target of list(panel.targets).map(record)) {
      if (target.hide === true) continue;
      // Without a type, Grafana uses the default data source: Prometheus in the lab.
      const type = sourceType(target.datasource) ?? sourceType(panel.datasource) ?? 'prometheus';
      if (type === 'prometheus' && typeof target.expr === 'string' && target.expr.trim() !== '') {
        queries.push({
          refId: String(target.refId ?? ''),
          expr: target.expr,
          ...(typeof target.legendFormat === 'string' ? { legendFormat: target.legendFormat } : {}),
        });
      } else if (type !== 'prometheus') otherSources.push(type);
    }
    panels.push({
      title: String(panel.title ?? '(untitled)'),
      type: String(panel.type ?? '?'),
      queries,
      otherSources: [...new Set(otherSources)],
    });
  };
  for (const panel of list(dashboard.panels)) visit(panel);
  return panels;
}

/** How a template variable gets a value to check the queries with. */
export type VariablePlan =
  | { name: string; value: string }
  | { name: string; labelValuesOf: { label: string; match?: string } };

/** Grafana's built-in variables, at values fit for a lab scraped every 15 s or faster. */
export const BUILT_INS: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '15s',
  __interval_ms: '15000',
  __range: '5m',
  __range_s: '300',
  __range_ms: '300000',
};

/** label_values(metric{…}, label) or label_values(label). */
export function parseLabelValues(query: string): { label: string; match?: string } | undefined {
  const match = /^\s*label_values\(\s*(?:(.+?)\s*,\s*)?(\w+)\s*\)\s*$/s.exec(query);
  if (!match?.[2]) return undefined;
  return match[1] ? { label: match[2], match: match[1] } : { label: match[2] };
}

/**
 * An "All" variable matches everything (its allValue, else `.*`); a label_values query takes the
 * first value Prometheus has; any other variable its current value or first option.
 */
export function variablePlans(dashboard: Json): VariablePlan[] {
  return list(record(dashboard.templating).list).map((value) => {
    const variable = record(value);
    const name = String(variable.name ?? '');
    if (variable.includeAll === true) {
      return { name, value: typeof variable.allValue === 'string' ? variable.allValue : '.*' };
    }
    const query = record(variable.query).query ?? variable.query;
    const labelValuesOf =
      variable.type === 'query' && typeof query === 'string' ? parseLabelValues(query) : undefined;
    if (labelValuesOf) return { name, labelValuesOf };
    const current = list(record(variable.current).value)[0] ?? record(variable.current).value;
    const option = record(list(variable.options)[0]).value;
    const first = typeof query === 'string' ? query.split(',')[0]?.trim() : undefined;
    return { name, value: String(current ?? option ?? first ?? '') };
  });
}

/** Replaces $name, ${name}, ${name:format} and [[name]]; unknown variables stay as they are. */
export function substitute(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g,
    (whole, a?: string, b?: string, c?: string) => values[a ?? b ?? c ?? ''] ?? whole,
  );
}
