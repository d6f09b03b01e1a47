/**
 * Loki's endpoints that need only the storage: labels, label values, series, index stats,
 * detected fields and build info, answering Loki's JSON. Each is a plain handler of (request,
 * response, path parameters), for whatever router mounts it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabelMatcher } from '@otel-lab/promql';
import { labelsToRecord } from '@otel-lab/promql';
import { detectFields } from './detected-fields.js';
import type { DuckDbLogStorage } from './duckdb-log-storage.js';
import { sendLokiJson } from './loki-error.js';
import { boundsParams, rangeParams, readLokiParams, selectorMatchers } from './loki-params.js';

export type LokiHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  params: Readonly<Record<string, string>>,
) => Promise<void>;

const urlOf = (request: IncomingMessage) => new URL(request.url ?? '/', 'http://localhost');

/** The Loki release whose API and OTLP mapping this follows (the real stack's); Grafana reads it to choose features. */
export const LOKI_VERSION = '3.7.6';

/** `{status, data}` of labels and label values; Loki leaves `data` out when empty. */
function labelResponse(values: readonly string[]): string {
  return JSON.stringify(
    values.length > 0 ? { status: 'success', data: values } : { status: 'success' },
  );
}

/** The optional `query` selector of labels and label values. */
function optionalMatchers(params: URLSearchParams): readonly LabelMatcher[] | undefined {
  const query = params.get('query');
  return query ? selectorMatchers(query) : undefined;
}

export function createMetadataHandlers(storage: DuckDbLogStorage) {
  const labels: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request));
    const { startNs, endNs } = boundsParams(params);
    const names = await storage.labelNames(startNs, endNs, optionalMatchers(params));
    sendLokiJson(response, labelResponse(names));
  };

  const labelValues: LokiHandler = async (request, response, path) => {
    const params = await readLokiParams(request, urlOf(request));
    const { startNs, endNs } = boundsParams(params);
    const name = path.name ?? '';
    const values = await storage.labelValues(name, startNs, endNs, optionalMatchers(params));
    sendLokiJson(response, labelResponse(values));
  };

  const series: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request));
    const { startNs, endNs } = boundsParams(params);
    // Loki takes `match` and `match[]`, each selector once; a lone `{}` means every stream.
    let selectors = [...new Set([...params.getAll('match'), ...params.getAll('match[]')])].sort();
    if (selectors.length === 1 && selectors[0]?.replace(/ /g, '') === '{}') selectors = [];
    // Loki parses series selectors without its check for selectors that match everything.
    const sets = selectors.map((selector) => selectorMatchers(selector, false));
    const found = await storage.series(sets, startNs, endNs);
    sendLokiJson(
      response,
      JSON.stringify({ status: 'success', data: found.map((l) => labelsToRecord(l)) }),
    );
  };

  const indexStats: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request));
    // Loki reads index stats' parameters as a range query's.
    const { startNs, endNs } = rangeParams(params);
    const stats = await storage.stats(selectorMatchers(params.get('query') ?? ''), startNs, endNs);
    sendLokiJson(
      response,
      JSON.stringify({
        streams: stats.streams,
        chunks: stats.chunks,
        bytes: stats.bytes,
        entries: stats.entries,
      }),
    );
  };

  const detectedFields: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request));
    sendLokiJson(response, JSON.stringify(await detectFields(storage, params)));
  };

  const buildInfo: LokiHandler = async (request, response) => {
    request.resume();
    sendLokiJson(
      response,
      JSON.stringify({
        version: LOKI_VERSION,
        revision: 'otel-lab',
        branch: 'otel-lab',
        buildUser: 'otel-lab',
        buildDate: '',
        goVersion: `node ${process.version}`,
      }),
    );
  };

  return { labels, labelValues, series, indexStats, detectedFields, buildInfo };
}
