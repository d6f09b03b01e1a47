/** A dashboard's view state in its URL, with Grafana's parameter names: from, to, refresh, var-{name}. */
export interface DashboardUrlState {
  from?: string;
  to?: string;
  refresh?: string;
  vars: Record<string, string[]>;
}

export const TIME_PRESETS = [
  ['now-5m', 'Last 5 minutes'],
  ['now-15m', 'Last 15 minutes'],
  ['now-30m', 'Last 30 minutes'],
  ['now-1h', 'Last 1 hour'],
  ['now-3h', 'Last 3 hours'],
  ['now-6h', 'Last 6 hours'],
  ['now-12h', 'Last 12 hours'],
  ['now-24h', 'Last 24 hours'],
] as const;

export const REFRESH_OPTIONS = ['', '10s', '30s', '1m'] as const;

export function decodeDashboardState(search: string): DashboardUrlState {
  const params = new URLSearchParams(search);
  const vars: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (!key.startsWith('var-')) continue;
    const name = key.slice(4);
    if (!Object.hasOwn(vars, name)) vars[name] = [];
    vars[name]?.push(value);
  }
  const get = (key: string) => params.get(key) || undefined;
  return { from: get('from'), to: get('to'), refresh: get('refresh'), vars };
}

export function encodeDashboardState(state: DashboardUrlState): string {
  const params = new URLSearchParams();
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.refresh) params.set('refresh', state.refresh);
  for (const [name, values] of Object.entries(state.vars)) {
    for (const value of values) params.append(`var-${name}`, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `now`, `now-15m`, `now-1h`, or epoch milliseconds, as epoch seconds; null when unreadable. */
export function parseTime(text: string | undefined, nowMs: number): number | null {
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) / 1000;
  const m = /^now(?:-(\d+)([smhdw]))?$/.exec(text);
  if (!m) return null;
  const offset = m[1] ? Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number) : 0;
  return nowMs / 1000 - offset;
}

/** The URL state that shows [start, end] (epoch seconds), as Grafana writes a zoom: epoch ms. */
export function zoomedWindow(start: number, end: number): Pick<DashboardUrlState, 'from' | 'to'> {
  return { from: String(Math.round(start * 1000)), to: String(Math.round(end * 1000)) };
}

/** A zoom's window (both ends epoch ms), as a zoom writes it. */
export function isZoomed(state: Pick<DashboardUrlState, 'from' | 'to'>): boolean {
  return /^\d+$/.test(state.from ?? '') && /^\d+$/.test(state.to ?? '');
}

/** A range that is not a preset, for the range picker: local times, with the date when not today. */
export function describeWindow(start: number, end: number, nowMs: number): string {
  const day = (seconds: number) => new Date(seconds * 1000).toDateString();
  const text = (seconds: number) => {
    const date = new Date(seconds * 1000);
    // h23: hour12 false alone gives 24:05 for five past midnight in some locales.
    const time = date.toLocaleTimeString([], { hourCycle: 'h23' });
    return day(seconds) === day(nowMs / 1000) ? time : `${date.toLocaleDateString()} ${time}`;
  };
  return `${text(start)} – ${text(end)}`;
}

/** Refresh text (10s, 1m) in milliseconds; 0 for off or unreadable. */
export function refreshMs(text: string | undefined): number {
  const m = /^(\d+)([smh])$/.exec(text ?? '');
  if (!m) return 0;
  return Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number) * 1000;
}

/** The query window in epoch seconds, the dashboard's default filling in what the URL lacks. */
export function timeWindow(
  state: Pick<DashboardUrlState, 'from' | 'to'>,
  defaults: { from?: string; to?: string } | undefined,
  nowMs: number,
): { start: number; end: number } {
  const end = parseTime(state.to, nowMs) ?? parseTime(defaults?.to, nowMs) ?? nowMs / 1000;
  let start = parseTime(state.from, nowMs) ?? parseTime(defaults?.from, nowMs) ?? end - 900;
  if (!(start < end)) start = end - 900;
  return { start, end };
}
