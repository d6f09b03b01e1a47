/**
 * GET /api/search: a TraceQL (or older tags) search, answered as Tempo answers it. A regex that
 * neither RE2 (the SQL) nor the evaluator can compile is the query's fault: 400, as Tempo's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import type { TraceReader } from '../../jaeger/trace-reader.js';
import { TempoError } from '../tempo-error.js';
import type { EvaluateTrace } from './evaluated.js';
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

/** DuckDB's message for a pattern RE2 refuses, and JS's for one RegExp refuses. */
const badRegex = (error: unknown) =>
  error instanceof SyntaxError ||
  (error instanceof Error && /regular expression|regex/i.test(error.message));

export async function answerSearch(
  deps: SearchDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const search = parseSearchRequest(url.searchParams, BigInt(Date.now()) * NS_PER_MS);
  let result: Awaited<ReturnType<typeof searchTraces>>;
  try {
    result = await searchTraces(deps, { ...search, deadlineMs: Date.now() + SEARCH_TIMEOUT_MS });
  } catch (error) {
    if (badRegex(error)) {
      throw new TempoError(400, `invalid TraceQL query: ${(error as Error).message}`);
    }
    throw error;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(searchAnswerJson(result, search.spss, search.legacy)));
}
