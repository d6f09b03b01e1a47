/**
 * GET /api/search: a TraceQL (or older tags) search, answered as Tempo answers it. A regex that
 * RE2 (the SQL, regex-check.ts) or the evaluator cannot compile is the query's fault: 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TraceqlEvalError } from '@otel-lab/traceql';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import type { TraceReader } from '../../jaeger/trace-reader.js';
import { TempoError } from '../tempo-error.js';
import type { EvaluateTrace } from './evaluated.js';
import { checkRegexes } from './regex-check.js';
import { searchAnswerJson } from './search-answer.js';
import { SEARCH_TIMEOUT_MS } from './search-limits.js';
import { parseSearchRequest } from './search-request.js';
import { searchTraces } from './trace-search.js';

const NS_PER_MS = 1_000_000n;

export interface SearchDeps {
  pool: ReaderPool;
  reader: TraceReader;
  evaluate: EvaluateTrace;
}

export async function answerSearch(
  deps: SearchDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const search = parseSearchRequest(url.searchParams, BigInt(Date.now()) * NS_PER_MS);
  await checkRegexes(deps.pool, search.query);
  let result: Awaited<ReturnType<typeof searchTraces>>;
  try {
    result = await searchTraces(deps, { ...search, deadlineMs: Date.now() + SEARCH_TIMEOUT_MS });
  } catch (error) {
    // What the evaluator cannot answer as a search (structural operators over several span
    // sets, template variables) is the query's fault, as Tempo's engine errors are.
    if (error instanceof TraceqlEvalError) {
      throw new TempoError(400, `invalid TraceQL query: ${error.message}`);
    }
    throw error;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(searchAnswerJson(result, search.spss, search.legacy)));
}
