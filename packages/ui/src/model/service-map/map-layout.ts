/**
 * The service map's picture as pure data: services in layers (callers left, callees right, each
 * service one column right of its furthest caller), nodes and edge curves in SVG coordinates.
 */
import { WINDOWS_MS } from '../time-windows.js';
export interface MapNode {
  service: string;
  spans: number;
  errors: number;
}

export interface MapEdge {
  parent: string;
  child: string;
  calls: number;
  rate: number;
  errorRatio: number;
  p50Ms: number;
  p95Ms: number;
}

export interface PlacedNode extends MapNode {
  layer: number;
  x: number;
  y: number;
}

export interface PlacedEdge extends MapEdge {
  /** The SVG path from the caller's right side to the callee's left side. */
  path: string;
  labelX: number;
  labelY: number;
  /** A call back to a service left of (or beside) the caller: drawn as a loop below. */
  back: boolean;
}

export interface MapLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 44;
const COLUMN = 420;
const ROW = 110;
const MARGIN = 20;

/** Layers: the longest call path from a service no one calls, cycles broken where DFS finds them. */
export function assignLayers(
  services: readonly string[],
  edges: readonly MapEdge[],
): Map<string, number> {
  const out = new Map<string, string[]>(services.map((s) => [s, []]));
  for (const edge of edges) {
    if (edge.parent === edge.child) continue;
    if (!out.has(edge.parent)) out.set(edge.parent, []);
    if (!out.has(edge.child)) out.set(edge.child, []);
    out.get(edge.parent)?.push(edge.child);
  }
  const names = [...out.keys()].sort();
  for (const list of out.values()) list.sort();
  // Drop the edges that close a cycle (DFS back edges), then take longest paths on what is left.
  const state = new Map<string, 'open' | 'done'>();
  const forward = new Map<string, string[]>(names.map((n) => [n, []]));
  const order: string[] = [];
  const visit = (name: string) => {
    state.set(name, 'open');
    for (const child of out.get(name) ?? []) {
      const seen = state.get(child);
      if (seen === 'open') continue;
      forward.get(name)?.push(child);
      if (seen === undefined) visit(child);
    }
    state.set(name, 'done');
    order.push(name);
  };
  const called = new Set([...out.values()].flat());
  for (const name of names) if (!called.has(name) && !state.has(name)) visit(name);
  for (const name of names) if (!state.has(name)) visit(name);
  const layers = new Map<string, number>(names.map((n) => [n, 0]));
  for (const name of order.reverse()) {
    const layer = layers.get(name) ?? 0;
    for (const child of forward.get(name) ?? []) {
      if ((layers.get(child) ?? 0) < layer + 1) layers.set(child, layer + 1);
    }
  }
  return layers;
}

/** Places the services and draws the calls between them. */
export function layoutMap(nodes: readonly MapNode[], edges: readonly MapEdge[]): MapLayout {
  const byName = new Map<string, MapNode>(nodes.map((n) => [n.service, n]));
  for (const edge of edges) {
    for (const service of [edge.parent, edge.child]) {
      if (!byName.has(service)) byName.set(service, { service, spans: 0, errors: 0 });
    }
  }
  const layers = assignLayers([...byName.keys()], edges);
  const columns: string[][] = [];
  for (const [service, layer] of layers) {
    const column = columns[layer] ?? [];
    column.push(service);
    columns[layer] = column;
  }
  // Within a column, services sit near their callers (the mean row of the callers), then by name.
  const row = new Map<string, number>();
  columns.forEach((column, layer) => {
    const score = (service: string) => {
      const callers = edges
        .filter((e) => e.child === service && e.parent !== service)
        .map((e) => row.get(e.parent))
        .filter((r): r is number => r !== undefined);
      return callers.length ? callers.reduce((a, b) => a + b, 0) / callers.length : 0;
    };
    column.sort((a, b) => (layer === 0 ? 0 : score(a) - score(b)) || a.localeCompare(b));
    column.forEach((service, i) => {
      row.set(service, i);
    });
  });
  const tallest = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  const placed = new Map<string, PlacedNode>();
  columns.forEach((column, layer) => {
    const offset = ((tallest - column.length) * ROW) / 2;
    column.forEach((service, i) => {
      const node = byName.get(service) as MapNode;
      placed.set(service, {
        ...node,
        layer,
        x: MARGIN + layer * COLUMN,
        y: MARGIN + offset + i * ROW,
      });
    });
  });
  const height = MARGIN * 2 + (tallest - 1) * ROW + NODE_HEIGHT + 40;
  const placedEdges: PlacedEdge[] = [];
  for (const edge of edges) {
    const from = placed.get(edge.parent) as PlacedNode;
    const to = placed.get(edge.child) as PlacedNode;
    if (edge.parent === edge.child) {
      const x = from.x + NODE_WIDTH / 2;
      const y = from.y;
      placedEdges.push({
        ...edge,
        back: true,
        path: `M ${x - 20} ${y} C ${x - 40} ${y - 40}, ${x + 40} ${y - 40}, ${x + 20} ${y}`,
        labelX: x,
        labelY: y - 34,
      });
      continue;
    }
    const back = to.layer <= from.layer;
    if (!back) {
      const x1 = from.x + NODE_WIDTH;
      const y1 = from.y + NODE_HEIGHT / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_HEIGHT / 2;
      const mid = (x1 + x2) / 2;
      placedEdges.push({
        ...edge,
        back,
        path: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`,
        labelX: mid,
        labelY: (y1 + y2) / 2 - 6,
      });
    } else {
      // From the caller's bottom, below both, into the callee's bottom.
      const x1 = from.x + NODE_WIDTH / 2;
      const x2 = to.x + NODE_WIDTH / 2 + 12;
      const y1 = from.y + NODE_HEIGHT;
      const y2 = to.y + NODE_HEIGHT;
      const low = Math.max(y1, y2) + 36;
      placedEdges.push({
        ...edge,
        back,
        path: `M ${x1} ${y1} C ${x1} ${low}, ${x2} ${low}, ${x2} ${y2}`,
        labelX: (x1 + x2) / 2,
        labelY: low + 4,
      });
    }
  }
  const width = MARGIN * 2 + Math.max(0, columns.length - 1) * COLUMN + NODE_WIDTH;
  return { nodes: [...placed.values()], edges: placedEdges, width, height };
}

/** An edge's label: calls per second, error ratio, p95. */
export function edgeLabel(edge: Pick<MapEdge, 'rate' | 'errorRatio' | 'p95Ms'>): string {
  return `${formatRate(edge.rate)} · ${formatRatio(edge.errorRatio)} err · p95 ${formatMs(edge.p95Ms)}`;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '–';
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.01) return `${round(perSecond * 60)}/min`;
  return `${round(perSecond)}/s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  if (ratio === 0) return '0%';
  const percent = ratio * 100;
  return percent < 0.1 ? '<0.1%' : `${round(percent)}%`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${round(ms * 1000)}µs`;
  if (ms < 1000) return `${round(ms)}ms`;
  return `${round(ms / 1000)}s`;
}

const round = (value: number) =>
  String(Number(value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)));

/** The search that opens a service's traces over the map's window. */
export const serviceSearchLink = (service: string, lookback: string) =>
  `/search?${new URLSearchParams({ service, lookback })}`;

export const DEFAULT_MAP_RANGE = '15m';

export function decodeMapRange(params: URLSearchParams): string {
  const range = params.get('range') ?? DEFAULT_MAP_RANGE;
  return range in WINDOWS_MS ? range : DEFAULT_MAP_RANGE;
}

export function mapQuery(range: string, nowMs: number): URLSearchParams {
  const span = WINDOWS_MS[range] ?? (WINDOWS_MS[DEFAULT_MAP_RANGE] as number);
  return new URLSearchParams({ start: String(nowMs - span), end: String(nowMs) });
}
