import type { DataSourceRef, Panel, PanelTarget } from './grafana-types.js';
import { substitute } from './variables.js';

export type DataSourceKind = 'prometheus' | 'jaeger' | 'other';

/** The kind of a data source reference; none means the default, Prometheus. */
export function dataSourceKind(ref: DataSourceRef | string | null | undefined): {
  kind: DataSourceKind;
  name: string;
} {
  if (ref === null || ref === undefined) return { kind: 'prometheus', name: 'default' };
  const name = typeof ref === 'string' ? ref : (ref.type ?? ref.uid ?? '');
  const lower = name.toLowerCase();
  if (lower === '' || lower.includes('prometheus') || lower === 'default')
    return { kind: 'prometheus', name };
  if (lower.includes('jaeger')) return { kind: 'jaeger', name };
  return { kind: 'other', name };
}

export interface PromQuery {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant: boolean;
  exemplar: boolean;
}

export type PanelPlan =
  | {
      kind: 'prometheus';
      view: 'timeseries' | 'stat' | 'gauge' | 'bargauge' | 'table' | 'heatmap';
      queries: PromQuery[];
    }
  | { kind: 'traces'; service: string; limit: number }
  | { kind: 'text'; text: string }
  | { kind: 'row' }
  | { kind: 'unsupported'; reason: string };

const PROM_VIEWS = {
  timeseries: 'timeseries',
  graph: 'timeseries',
  stat: 'stat',
  singlestat: 'stat',
  gauge: 'gauge',
  bargauge: 'bargauge',
  table: 'table',
  heatmap: 'heatmap',
} as const;

/** What a panel needs fetched and how it shows it, with its variables substituted. */
export function planPanel(panel: Panel, values: Readonly<Record<string, string>>): PanelPlan {
  const type = panel.type ?? 'timeseries';
  if (type === 'row') return { kind: 'row' };
  if (type === 'text')
    return {
      kind: 'text',
      text: String((panel as { options?: { content?: unknown } }).options?.content ?? ''),
    };
  const targets = (panel.targets ?? []).filter(
    (t): t is PanelTarget => !!t && typeof t === 'object' && !(t as { hide?: boolean }).hide,
  );
  const sourceOf = (t: PanelTarget) => dataSourceKind(t.datasource ?? panel.datasource);
  const panelSource = dataSourceKind(panel.datasource);
  if (
    panelSource.kind === 'jaeger' ||
    (targets.length && targets.every((t) => sourceOf(t).kind === 'jaeger'))
  ) {
    const target = targets[0] ?? {};
    return {
      kind: 'traces',
      service: substitute(String(target.service ?? ''), values),
      limit: Math.min(100, Math.max(1, Number(target.limit) || 20)),
    };
  }
  const other =
    targets.map(sourceOf).find((s) => s.kind === 'other') ??
    (panelSource.kind === 'other' && !targets.length ? panelSource : undefined);
  if (other)
    return {
      kind: 'unsupported',
      reason: `data source ${other.name || 'unknown'} is not Prometheus or Jaeger`,
    };
  const view = Object.hasOwn(PROM_VIEWS, type)
    ? PROM_VIEWS[type as keyof typeof PROM_VIEWS]
    : undefined;
  if (!view) return { kind: 'unsupported', reason: `panel type ${type} is not supported here` };
  const queries = targets
    .filter((t) => typeof t.expr === 'string' && t.expr.trim() !== '')
    .map((t, i) => ({
      refId: t.refId ?? String.fromCharCode(65 + i),
      expr: substitute(t.expr as string, values),
      legendFormat: t.legendFormat,
      instant: t.instant === true,
      exemplar: t.exemplar === true,
    }));
  return { kind: 'prometheus', view, queries };
}
