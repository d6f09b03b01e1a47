/**
 * One PromQL query from its request to the JSON of its answer: parse, select, evaluate, format.
 * `runQuery` is what the query worker thread runs (query-worker.ts, with a storage that asks the
 * main thread for samples); `inProcessRunner` runs it on the calling thread, for tests and tools
 * that have the samples at hand.
 */
import {
  children,
  type Expr,
  formatApiDataJson,
  instantQuery,
  type LabelMatcher,
  PromqlError,
  parseExpr,
  rangeQuery,
  type Storage,
} from '@otel-lab/promql';

interface Common {
  query: string;
  /** Date.now() after which the query times out, whatever it is doing. */
  deadline: number;
  maxSamples: number;
}

export type QueryRequest =
  | (Common & { kind: 'instant'; time: number })
  | (Common & { kind: 'range'; start: number; end: number; step: number });

/** A query's result as the `data` of Prometheus's envelope, already JSON. */
export interface QueryAnswer {
  json: string | Uint8Array;
  warnings: string[];
}

export interface QueryRunner {
  /** `signal` aborts when the client has gone: the query stops (a `canceled` error). */
  run(request: QueryRequest, signal?: AbortSignal): Promise<QueryAnswer>;
  /** The matchers of every selector of `query` (query_exemplars); throws as the parser does. */
  selectors(query: string, deadline: number, signal?: AbortSignal): Promise<LabelMatcher[][]>;
}

export function timeoutError(where: string): PromqlError {
  return new PromqlError('timeout', `query timed out in ${where}`);
}

export async function runQuery(
  storage: Storage,
  request: QueryRequest,
  signal?: Pick<AbortSignal, 'aborted'>,
): Promise<QueryAnswer> {
  const timeoutMs = request.deadline - Date.now();
  if (timeoutMs <= 0) throw timeoutError('expression evaluation');
  const options = { timeoutMs, maxSamples: request.maxSamples, queryText: request.query, signal };
  const result =
    request.kind === 'instant'
      ? await instantQuery(storage, request.query, request.time, options)
      : await rangeQuery(storage, request.query, request.start, request.end, request.step, options);
  return { json: formatApiDataJson(result), warnings: [...(result.warnings ?? [])] };
}

/** The matchers of every series selector of a PromQL expression, for query_exemplars. */
export function selectorMatchers(query: string): LabelMatcher[][] {
  const found: LabelMatcher[][] = [];
  const walk = (node: Expr): void => {
    if (node.kind === 'vectorSelector') found.push([...node.matchers]);
    else for (const child of children(node)) walk(child);
  };
  walk(parseExpr(query));
  return found;
}

/** Runs queries on the calling thread over `storage`. */
export function inProcessRunner(storage: Storage): QueryRunner {
  return {
    run: (request, signal) => runQuery(storage, request, signal),
    selectors: async (query) => selectorMatchers(query),
  };
}
