import { type Expr, parseExpr } from '@otel-lab/promql';
import { asArray, asRecord } from './stack-files.js';

export interface PanelQuery {
  panel: string;
  refId: string;
  /** The query as written, with Grafana variables. */
  expr: string;
  /** The query Prometheus would run with every variable at its "All" value. */
  resolved: string;
  /** The target asks for exemplars (Grafana's `exemplar: true`). */
  exemplar: boolean;
}

/** Top-level panels and those inside rows. */
export function dashboardPanels(dashboard: Record<string, unknown>): Record<string, unknown>[] {
  const panels: Record<string, unknown>[] = [];
  for (const value of asArray(dashboard.panels)) {
    const panel = asRecord(value);
    panels.push(panel);
    for (const inner of asArray(panel.panels)) panels.push(asRecord(inner));
  }
  return panels;
}

const datasourceOf = (value: unknown) => asRecord(value) as { type?: string; uid?: string };

/** Grafana's built-in interval variables, at values fit for a short-lived test Prometheus. */
const BUILT_INS: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '15m',
};

/** Replaces `$name`, `${name}` and `[[name]]` with the variable's "All" (or current) value. */
export function resolveVariables(expr: string, dashboard: Record<string, unknown>): string {
  const values: Record<string, string> = { ...BUILT_INS };
  for (const value of asArray(asRecord(dashboard.templating).list)) {
    const variable = asRecord(value);
    const current = asArray(asRecord(variable.current).value)[0];
    values[String(variable.name)] = String(variable.allValue ?? current ?? '');
  }
  return expr.replace(
    /\$\{(\w+)\}|\[\[(\w+)\]\]|\$(\w+)/g,
    (whole, a?: string, b?: string, c?: string) => values[a ?? b ?? c ?? ''] ?? whole,
  );
}

/** Every Prometheus query of every panel. */
export function prometheusQueries(dashboard: Record<string, unknown>): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const panel of dashboardPanels(dashboard)) {
    for (const value of asArray(panel.targets)) {
      const target = asRecord(value);
      const source = datasourceOf(target.datasource ?? panel.datasource);
      if (source.type !== 'prometheus' || typeof target.expr !== 'string') continue;
      queries.push({
        panel: String(panel.title),
        refId: String(target.refId),
        expr: target.expr,
        resolved: resolveVariables(target.expr, dashboard),
        exemplar: target.exemplar === true,
      });
    }
  }
  return queries;
}

/** Every data source a panel, target or template variable refers to, by uid. */
export function datasourceRefs(
  dashboard: Record<string, unknown>,
): { where: string; type: string; uid: string }[] {
  const refs: { where: string; type: string; uid: string }[] = [];
  const add = (where: string, value: unknown) => {
    const source = datasourceOf(value);
    if (source.uid !== undefined) refs.push({ where, type: String(source.type), uid: source.uid });
  };
  for (const panel of dashboardPanels(dashboard)) {
    add(`panel ${panel.title}`, panel.datasource);
    for (const target of asArray(panel.targets)) {
      add(`panel ${panel.title} target ${asRecord(target).refId}`, asRecord(target).datasource);
    }
  }
  for (const variable of asArray(asRecord(dashboard.templating).list)) {
    add(`variable ${asRecord(variable).name}`, asRecord(variable).datasource);
  }
  return refs;
}

/** The sub-expressions of `expr`, for a walk that only cares about selectors. */
function childrenOf(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'matrixSelector':
      return [expr.selector];
    case 'subquery':
    case 'unary':
    case 'paren':
      return [expr.expr];
    case 'aggregate':
      return expr.param ? [expr.param, expr.expr] : [expr.expr];
    case 'call':
      return [...expr.args];
    case 'binary':
      return [expr.lhs, expr.rhs];
    default:
      return [];
  }
}

function selectorNames(expr: Expr, into: Set<string>): void {
  if (expr.kind === 'vectorSelector') {
    const byMatcher = expr.matchers.find((m) => m.name === '__name__' && m.type === '=');
    const name = expr.name ?? byMatcher?.value;
    if (name) into.add(name);
  }
  for (const child of childrenOf(expr)) selectorNames(child, into);
}

/** The metric names the dashboard's Prometheus queries select. */
export function metricNamesOf(query: string): string[] {
  const names = new Set<string>();
  selectorNames(parseExpr(query), names);
  return [...names];
}

export function dashboardMetricNames(dashboard: Record<string, unknown>): string[] {
  return [...new Set(prometheusQueries(dashboard).flatMap((q) => metricNamesOf(q.resolved)))];
}
