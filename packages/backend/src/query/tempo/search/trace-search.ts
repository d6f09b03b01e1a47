/**
 * A TraceQL search over the stored spans: candidate traces newest first (candidate-sql.ts), in
 * rounds that reach further back each time, each candidate's spans loaded with the Jaeger
 * reader and handed to the evaluator, until `limit` traces matched, the window is exhausted, or
 * a limit of the search is reached (search-limits.ts).
 */
import type { TraceqlQuery, TraceqlTrace } from '@otel-lab/traceql';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import type { TraceReader } from '../../jaeger/trace-reader.js';
import { SqlParams } from '../../sql-params.js';
import { TempoError } from '../tempo-error.js';
import { createCandidateSql, type StoredSpans } from './candidate-sql.js';
import type { EvaluatedSpanset, EvaluateTrace } from './evaluated.js';
import { loadTraceqlTraces } from './load-traces.js';
import { withResourceIds } from './resource-ids.js';
import {
  EVALUATE_CHUNK_SPANS,
  FIRST_ROUND_SPANS,
  FIRST_SLICE_NS,
  MAX_INSPECTED_SPANS,
  MAX_INSPECTED_TRACES,
  MAX_ROUND_SPANS,
  MIN_TRACES_PER_READ,
  SEARCH_TIMEOUT_MESSAGE,
} from './search-limits.js';
import { traceCondition } from './trace-condition.js';
import { createSpanConverter } from './traceql-trace.js';

export interface TraceSearchRequest {
  query: TraceqlQuery;
  startNs: bigint;
  endNs: bigint;
  limit: number;
  /** Date.now() past which the search gives up (503, as Tempo's api_timeout). */
  deadlineMs: number;
  /** Driving spans a round reads at most (tests make it small to see several rounds). */
  firstRoundSpans?: number;
}

export interface MatchedTrace {
  trace: TraceqlTrace;
  spansets: readonly EvaluatedSpanset[];
}

export interface TraceSearchResult {
  traces: MatchedTrace[];
  inspectedTraces: number;
  inspectedSpans: number;
}

export interface TraceSearchDeps {
  pool: ReaderPool;
  reader: TraceReader;
  evaluate: EvaluateTrace;
}

/**
 * How many candidates to read next for `limit` matches: what is missing, scaled by how many
 * candidates it took per match so far (a quarter more, so one more read is rare).
 */
export function tracesToRead(
  limit: number,
  result: Pick<TraceSearchResult, 'traces'>,
  read: number,
): number {
  const missing = limit - result.traces.length;
  const found = result.traces.length;
  const perMatch = found > 0 ? read / found : read > 0 ? Math.max(4, read) : 1;
  return Math.max(MIN_TRACES_PER_READ, Math.ceil(missing * perMatch * 1.25));
}

/** Runs a search; the caller has checked the query is a search (not metrics) query. */
export async function searchTraces(
  deps: TraceSearchDeps,
  request: TraceSearchRequest,
): Promise<TraceSearchResult> {
  const { condition, values } = await withResourceIds(deps.pool, (resources) => {
    const params = new SqlParams();
    return {
      condition: traceCondition(request.query.expr, params, resources),
      values: params.values,
    };
  });
  const sql = createCandidateSql(deps.pool, condition, values);
  const convert = createSpanConverter();
  const result: TraceSearchResult = { traces: [], inspectedTraces: 0, inspectedSpans: 0 };
  const seen = new Set<bigint>();
  const checkTime = () => {
    if (Date.now() > request.deadlineMs) throw new TempoError(503, SEARCH_TIMEOUT_MESSAGE);
  };
  const exhausted = () =>
    result.traces.length >= request.limit ||
    result.inspectedTraces >= MAX_INSPECTED_TRACES ||
    result.inspectedSpans >= MAX_INSPECTED_SPANS;

  /** Loads and evaluates traces, in order, while the search wants more. */
  async function evaluate(ids: readonly bigint[], stored: ReadonlyMap<bigint, StoredSpans>) {
    let at = 0;
    while (at < ids.length && !exhausted()) {
      checkTime();
      // A chunk of traces whose spans fit EVALUATE_CHUNK_SPANS; a huge one alone, cut to its
      // first MAX_ANSWER_SPANS (storedSpans lists no more).
      const chunk: bigint[] = [];
      const rowids: bigint[] = [];
      while (at < ids.length) {
        const id = ids[at] as bigint;
        const spans = stored.get(id)?.rowids ?? [];
        if (chunk.length > 0 && rowids.length + spans.length > EVALUATE_CHUNK_SPANS) break;
        chunk.push(id);
        rowids.push(...spans);
        at += 1;
      }
      for (const trace of await loadTraceqlTraces(deps.reader, chunk, rowids, convert)) {
        if (exhausted()) break;
        result.inspectedTraces += 1;
        result.inspectedSpans += trace.spans.length;
        const spansets = deps.evaluate(request.query, trace);
        if (spansets.length > 0) result.traces.push({ trace, spansets });
      }
    }
  }

  // Rounds read back from the end of the window in time slices, each 4 times the last: the
  // zone maps of start_ns (spans are stored in time order) let a slice read its row groups only.
  // A slice with more driving spans than a round reads is read on from the oldest one read.
  // Candidates are read the newest first, as many at a time as are likely still wanted, by the
  // share that matched so far: a round of common spans names many more traces than a search
  // answers, and each read scans trace_id once. Rounds that find fewer gather them first.
  let read = 0;
  const pending: bigint[] = [];
  async function readPending(all: boolean) {
    while (pending.length > 0 && !exhausted()) {
      const size = tracesToRead(request.limit, result, read);
      if (!all && pending.length < size) return;
      const batch = pending.splice(0, size);
      read += batch.length;
      checkTime();
      const stored = await sql.storedSpans(batch);
      await evaluate(
        batch.filter((id) => stored.has(id)),
        stored,
      );
    }
  }

  let toNs = request.endNs;
  let sliceNs = FIRST_SLICE_NS;
  let rows = request.firstRoundSpans ?? Math.max(FIRST_ROUND_SPANS, request.limit * 4);
  while (!exhausted() && toNs >= request.startNs) {
    checkTime();
    const fromNs = toNs - sliceNs + 1n > request.startNs ? toNs - sliceNs + 1n : request.startNs;
    const round = await sql.round(fromNs, toNs, rows);
    const fresh = round.ids.filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    pending.push(...fresh);
    await readPending(false);
    if (round.full) {
      // Spans at the floor are read again (their traces are seen): none is skipped. A round
      // that did not move back reads more spans instead.
      if (round.floorNs < toNs) toNs = round.floorNs;
      else if (rows >= MAX_ROUND_SPANS) toNs = round.floorNs - 1n;
      rows = Math.min(rows * 4, MAX_ROUND_SPANS);
    } else {
      toNs = fromNs - 1n;
      sliceNs *= 4n;
    }
  }
  await readPending(true);
  return result;
}
