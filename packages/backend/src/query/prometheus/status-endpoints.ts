/** /api/v1/metadata, /api/v1/status/buildinfo and /api/v1/targets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricMetadata } from '../../metrics/sample.js';
import type { TargetHealth } from '../../metrics/scrape-loop.js';
import { ApiError } from './api-response.js';
import type { EndpointResult } from './label-endpoints.js';

/** A count parameter where a negative number (the default, -1) means no limit, as Prometheus reads it. */
function signedLimit(params: URLSearchParams, name: string): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return -1;
  if (!/^[+-]?\d+$/.test(raw)) throw new ApiError('bad_data', `${name} must be a number`);
  return Number(raw);
}

/** {metric: [{type, help, unit}]}, metrics in name order (Go marshals maps sorted by key). */
export function metadataEndpoint(
  metadata: ReadonlyMap<string, MetricMetadata>,
  params: URLSearchParams,
): EndpointResult {
  const limit = signedLimit(params, 'limit');
  const perMetric = signedLimit(params, 'limit_per_metric');
  const only = params.get('metric');
  const names = (only ? [only] : [...metadata.keys()]).filter((name) => metadata.has(name)).sort();
  const data: Record<string, { type: string; help: string; unit: string }[]> = {};
  for (const name of limit >= 0 ? names.slice(0, limit) : names) {
    const entry = metadata.get(name) as MetricMetadata;
    // One entry per metric is stored (the latest); limit_per_metric=0 leaves it out.
    if (perMetric === 0) continue;
    data[name] = [{ type: entry.type, help: entry.help, unit: entry.unit }];
  }
  return { data };
}

const backendVersion = (() => {
  try {
    const file = join(__dirname, '..', '..', '..', 'package.json');
    return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version);
  } catch {
    return 'unknown';
  }
})();

/**
 * `version` is the Prometheus release whose API and PromQL semantics this backend follows:
 * clients (Grafana) read it to decide which features to use. The backend's own version is in
 * `revision` and `branch`.
 */
export function buildInfoEndpoint(): EndpointResult {
  return {
    data: {
      version: '3.0.0',
      revision: `otel-lab ${backendVersion}`,
      branch: 'otel-lab',
      buildUser: 'otel-lab',
      buildDate: '',
      goVersion: `node ${process.version}`,
    },
  };
}

/** The scrape manager's targets; static configuration drops none, so droppedTargets is empty. */
export function targetsEndpoint(targets: TargetHealth[], params: URLSearchParams): EndpointResult {
  const state = (params.get('state') ?? '').toLowerCase();
  const pool = params.get('scrapePool');
  const active = state === '' || state === 'any' || state === 'active';
  const selected = targets.filter((t) => !pool || t.scrapePool === pool);
  const counts: Record<string, number> = {};
  for (const target of selected) counts[target.scrapePool] = 0;
  return {
    data: {
      activeTargets: active ? selected : [],
      droppedTargets: [],
      droppedTargetCounts: counts,
    },
  };
}
