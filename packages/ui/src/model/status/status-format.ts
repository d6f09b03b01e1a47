/** Display text and shapes for /status: bytes, shares of a limit, ages, and scrape targets. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units: 0 B, 512 B, 1.5 KiB, 10.2 MiB, 1 GiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text =
    unit === 0 ? String(Math.round(value)) : String(Number(value.toFixed(value < 10 ? 2 : 1)));
  return `${text} ${UNITS[unit]}`;
}

/** The share of a limit, 0–1, clamped for a bar; 0 when there is no limit. */
export function shareOf(used: number, limit: number): number {
  if (!Number.isFinite(used) || !Number.isFinite(limit) || limit <= 0) return 0;
  return Math.min(1, Math.max(0, used / limit));
}

/** A share as a percent: 0 %, 0.4 %, 12 %, 100 %. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const percent = share * 100;
  if (percent === 0) return '0 %';
  if (percent < 10) return `${Number(percent.toFixed(1))} %`;
  return `${Math.round(percent)} %`;
}

/** How full a bar is: ok below 70 %, warn below 90 %, else full (eviction is at the limit). */
export const barLevel = (share: number) => (share < 0.7 ? 'ok' : share < 0.9 ? 'warn' : 'full');

/** A duration in ms, in its largest whole unit: 7d, 36h, 15m, 30s, 250ms. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [name, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${name}`;
  for (const [name, size] of units)
    if (ms >= size) return `${Number((ms / size).toFixed(1))}${name}`;
  return `${Math.round(ms)}ms`;
}

/** "3.2s ago" for an RFC 3339 time; "never" for Go's zero time or nothing. */
export function formatAgo(time: string | undefined, nowMs: number): string {
  if (!time || time.startsWith('0001-')) return 'never';
  const at = Date.parse(time);
  if (Number.isNaN(at)) return time;
  const ms = Math.max(0, nowMs - at);
  if (ms < 1000) return `${Math.round(ms)}ms ago`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m ${Math.floor((ms % 60_000) / 1000)}s ago`;
  return `${Math.floor(ms / 3_600_000)}h ${Math.floor((ms % 3_600_000) / 60_000)}m ago`;
}

/** A scrape's duration (seconds) as Prometheus's targets page shows it. */
export function formatScrapeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  return seconds < 1
    ? `${Number((seconds * 1000).toFixed(1))}ms`
    : `${Number(seconds.toFixed(2))}s`;
}

export interface ScrapeTarget {
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  lastError: string;
  lastScrape: string;
  lastScrapeDuration: number;
  health: string;
}

export interface TargetPool {
  pool: string;
  targets: ScrapeTarget[];
  up: number;
}

/** Targets by scrape pool (sorted), each pool's targets by URL, with how many are up. */
export function groupTargets(targets: readonly ScrapeTarget[]): TargetPool[] {
  const pools = new Map<string, ScrapeTarget[]>();
  for (const target of targets) {
    const pool = target.scrapePool || target.labels?.job || '';
    const list = pools.get(pool) ?? [];
    list.push(target);
    pools.set(pool, list);
  }
  return [...pools.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pool, list]) => ({
      pool,
      targets: [...list].sort((a, b) => a.scrapeUrl.localeCompare(b.scrapeUrl)),
      up: list.filter((t) => t.health === 'up').length,
    }));
}

/** The health's CSS class: up, down, or unknown for anything else. */
export const healthClass = (health: string) =>
  `health-${health === 'up' || health === 'down' ? health : 'unknown'}`;
