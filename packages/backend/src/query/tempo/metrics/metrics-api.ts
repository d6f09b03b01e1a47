import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerMetrics, type MetricsSources } from './metrics-engine.js';
import { queryInstantJson, queryRangeJson } from './metrics-json.js';
import { parseInstantRequest, parseRangeRequest } from './metrics-request.js';

const NS_PER_MS = 1_000_000n;

function paramsOf(request: IncomingMessage): URLSearchParams {
  return new URL(request.url ?? '/', 'http://localhost').searchParams;
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** GET /api/metrics/query_range: Tempo's QueryRangeResponse. */
export async function answerQueryRange(
  sources: MetricsSources,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const parsed = parseRangeRequest(paramsOf(request), BigInt(Date.now()) * NS_PER_MS);
  const answer = await answerMetrics(sources, parsed);
  sendJson(response, queryRangeJson(answer.result, answer.grid, answer.inspectedSpans));
}

/** GET /api/metrics/query: Tempo's QueryInstantResponse, one value per series over [start, end). */
export async function answerQueryInstant(
  sources: MetricsSources,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const parsed = parseInstantRequest(paramsOf(request), BigInt(Date.now()) * NS_PER_MS);
  const answer = await answerMetrics(sources, parsed);
  sendJson(response, queryInstantJson(answer.result, answer.inspectedSpans));
}
