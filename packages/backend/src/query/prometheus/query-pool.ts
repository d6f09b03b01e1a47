/**
 * PromQL off the main thread. The main thread acknowledges OTLP batches; a query that held it
 * for seconds (evaluation and JSON formatting are synchronous) made exporters time out. So each
 * query runs in a worker thread (query-worker.ts): it parses, evaluates and formats there, and
 * asks the main thread for the samples of each select. The main thread matches the series index,
 * streams the rows out of DuckDB a chunk at a time (its own threads do the scan) and hands them
 * over with their buffers transferred, not copied; the worker groups them by series.
 *
 * Why not a worker with its own DuckDB connection: a DuckDB instance cannot be shared with a
 * worker (@duckdb/node-api's instance cache is per thread: a worker opening the same file gets a
 * second instance that does not see the first one's later writes), and the series index and the
 * recent samples live on the main thread. Measured figures: docs/benchmarks.md (bench:isolation).
 *
 * A few workers take queries in arrival order; a bounded number wait (past it, 503 unavailable).
 * Every query has a deadline, counted from the start of its request: past it the query is
 * answered with Prometheus's timeout error at once, wherever it is (queue, fetch, evaluation),
 * and a worker that has not stopped by itself a moment later (the engine checks its deadline
 * only between steps of evaluation) is terminated and replaced. A query whose client has gone
 * is ended the same way at once (a flag in shared memory tells its worker to stop), so
 * abandoned queries give their places back within a step of evaluation, or half a second. A
 * worker that crashes or runs out of memory fails its query and is replaced; the process goes on.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type LabelMatcher, PromqlError } from '@otel-lab/promql';
import { histogramRowsBuffers } from '../../storage/histogram-rows.js';
import { chunkBuffers } from '../../storage/row-chunks.js';
import { ApiError } from './api-response.js';
import { QueryBudget } from './query-budget.js';
import { errorRecord, type FromWorker, reviveError, type ToWorker } from './query-messages.js';
import {
  type QueryAnswer,
  type QueryRequest,
  type QueryRunner,
  timeoutError,
} from './query-runner.js';
import type { SeriesSource } from './series-source.js';
import { LabelsSent } from './worker-labels.js';

export interface QueryPoolOptions {
  source: Pick<SeriesSource, 'selectRows'>;
  /** Worker threads, each evaluating one query at a time (default 2). */
  workers?: number;
  /** Queries that may wait for a worker; more are refused with 503 (default 32). */
  maxQueued?: number;
  /** How long a worker past its query's deadline may take to stop by itself (default 500 ms). */
  graceMs?: number;
  /** Starts a worker (tests pass one that misbehaves). */
  createWorker?: () => Worker;
}

export interface QueryPool extends QueryRunner {
  /** Workers started so far, replacements included; queries waiting; queries running. */
  stats(): { started: number; queued: number; running: number };
  close(): Promise<void>;
}

/** The V8 heap one worker may use; past it the worker dies, its query fails, the process lives. */
const WORKER_HEAP_MB = 512;

const defaultWorker = () =>
  new Worker(join(__dirname, 'query-worker.js'), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });

type Message = Extract<ToWorker, { type: 'run' | 'selectors' }>;
/** A message to start a job, before it has an id. */
type Submitted = { type: 'run'; request: QueryRequest } | { type: 'selectors'; query: string };

interface Job {
  id: number;
  message: Message;
  budget: QueryBudget;
  timer: NodeJS.Timeout;
  settle: (error: Error | undefined, value?: unknown) => void;
  slot?: Slot;
}

interface Slot {
  worker?: Worker;
  /** Shared with the worker: the id of a query it must stop (its client has gone). */
  stop?: Int32Array;
  /** The series labels its worker holds. */
  labels?: LabelsSent;
  job?: Job;
  /** Set while a worker that has passed its query's deadline may still stop by itself. */
  grace?: NodeJS.Timeout;
}

const canceledError = (where: string) =>
  new PromqlError('canceled', `query was canceled in ${where}`);

export function createQueryPool(options: QueryPoolOptions): QueryPool {
  const slots: Slot[] = Array.from({ length: options.workers ?? 2 }, () => ({}));
  const queue: Job[] = [];
  const maxQueued = options.maxQueued ?? 32;
  const graceMs = options.graceMs ?? 500;
  const createWorker = options.createWorker ?? defaultWorker;
  let nextId = 1;
  let started = 0;
  let closed = false;

  function spawn(slot: Slot): Worker {
    const worker = createWorker();
    started += 1;
    slot.labels = new LabelsSent();
    slot.stop = new Int32Array(new SharedArrayBuffer(4));
    worker.postMessage({ type: 'stop-flag', flag: slot.stop } satisfies ToWorker);
    worker.on('message', (message: FromWorker) => {
      if (slot.worker === worker) onMessage(slot, worker, message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      const heap = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      replace(
        slot,
        heap
          ? new PromqlError(
              'execution',
              `query processing ran out of memory in query execution (a query may use ${WORKER_HEAP_MB} MB)`,
            )
          : new Error(`the query worker failed: ${error.stack ?? error.message}`),
      );
    });
    worker.on('exit', (code) => {
      if (slot.worker === worker) replace(slot, new Error(`the query worker exited (${code})`));
    });
    // After the listeners (a 'message' listener refs the port again): an idle worker does not
    // keep the process alive; a query's deadline timer does while it runs.
    worker.unref();
    return worker;
  }

  /** Ends the slot's worker (its query fails with `error`); a new one starts with the next query. */
  function replace(slot: Slot, error: Error): void {
    const worker = slot.worker;
    slot.worker = undefined;
    if (worker) void worker.terminate();
    slot.job?.settle(error);
    release(slot);
  }

  /** The slot's query has ended in its worker: the slot takes the next one. */
  function release(slot: Slot): void {
    clearTimeout(slot.grace);
    slot.grace = undefined;
    if (slot.job) slot.job.slot = undefined;
    slot.job = undefined;
    const next = queue.shift();
    if (next) start(slot, next);
  }

  function start(slot: Slot, job: Job): void {
    slot.job = job;
    job.slot = slot;
    slot.worker ??= spawn(slot);
    slot.worker.postMessage(job.message satisfies ToWorker);
  }

  function onMessage(slot: Slot, worker: Worker, message: FromWorker): void {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    switch (message.type) {
      case 'select':
        serveSelect(job, slot, worker, message);
        return;
      case 'answer':
        job.settle(undefined, { json: message.json, warnings: message.warnings });
        break;
      case 'selectors':
        job.settle(undefined, message.selectors);
        break;
      case 'failed':
        job.settle(reviveError(message.error));
        break;
    }
    release(slot);
  }

  /** Reads a select's rows on this thread and hands them to the worker that asked. */
  function serveSelect(
    job: Job,
    slot: Slot,
    worker: Worker,
    ask: Extract<FromWorker, { type: 'select' }>,
  ) {
    const { id, select } = ask;
    options.source.selectRows(ask.matchers, ask.minT, ask.maxT, job.budget.take).then(
      ({ series, chunks, histograms }) => {
        // A replaced worker gets nothing more (and its successor's record stays untouched).
        if (slot.worker !== worker || !slot.labels) return;
        const selection = { series: slot.labels.message(series), chunks, histograms };
        const message: ToWorker = { type: 'rows', id, select, selection };
        worker.postMessage(message, [
          selection.series.ids.buffer as ArrayBuffer,
          ...chunkBuffers(chunks),
          ...histogramRowsBuffers(histograms),
        ]);
      },
      (error: unknown) => {
        // The query fails with this; its other selects stop at their next chunk.
        job.budget.end(error instanceof Error ? error : new Error(String(error)));
        if (slot.worker !== worker) return;
        const message: ToWorker = { type: 'rows-failed', id, select, error: errorRecord(error) };
        worker.postMessage(message);
      },
    );
  }

  /**
   * Ends a query now, wherever it is, with `error` (`where` names its place in the queue or in
   * evaluation). A waiting query leaves the queue; a running one is told to stop (a flag its
   * evaluation reads between steps; its reads stop at their next chunk) and its worker, should
   * it not have stopped a moment later, is terminated and replaced.
   */
  function end(job: Job, error: (where: string) => Error): void {
    const slot = job.slot;
    if (!slot) {
      const at = queue.indexOf(job);
      if (at >= 0) queue.splice(at, 1);
      job.settle(error('query queue'));
      return;
    }
    job.settle(error('expression evaluation'));
    if (slot.stop) Atomics.store(slot.stop, 0, job.id);
    slot.grace ??= setTimeout(
      () => replace(slot, new Error('the query worker did not stop')),
      graceMs,
    );
  }

  function submit<T>(
    message: Submitted,
    deadline: number,
    maxSamples: number,
    signal: AbortSignal | undefined,
  ) {
    return new Promise<T>((resolve, reject) => {
      if (closed) return reject(new PromqlError('canceled', 'the backend is shutting down'));
      if (signal?.aborted) return reject(canceledError('query queue'));
      if (Date.now() >= deadline) return reject(timeoutError('query queue'));
      const idle = slots.find((slot) => !slot.job);
      if (!idle && queue.length >= maxQueued) {
        return reject(
          new ApiError(
            'unavailable',
            `too many queries at once: ${slots.length} running and ${maxQueued} waiting; try again later`,
          ),
        );
      }
      const id = nextId++;
      let settled = false;
      const job: Job = {
        id,
        message: { ...message, id } as Message,
        budget: new QueryBudget(maxSamples, deadline),
        timer: setTimeout(() => end(job, timeoutError), deadline - Date.now()),
        settle(error, value) {
          if (settled) return;
          settled = true;
          clearTimeout(job.timer);
          signal?.removeEventListener('abort', onAbort);
          job.budget.end(error ?? new PromqlError('canceled', 'the query has ended'));
          if (error) reject(error);
          else resolve(value as T);
        },
      };
      const onAbort = () => end(job, canceledError);
      signal?.addEventListener('abort', onAbort);
      if (idle) start(idle, job);
      else queue.push(job);
    });
  }

  return {
    run(request: QueryRequest, signal?: AbortSignal) {
      return submit<QueryAnswer>(
        { type: 'run', request },
        request.deadline,
        request.maxSamples,
        signal,
      );
    },
    selectors(query: string, deadline: number, signal?: AbortSignal) {
      return submit<LabelMatcher[][]>({ type: 'selectors', query }, deadline, 0, signal);
    },
    stats() {
      return {
        started,
        queued: queue.length,
        running: slots.filter((slot) => slot.job).length,
      };
    },
    async close() {
      closed = true;
      const canceled = () => new PromqlError('canceled', 'the backend is shutting down');
      for (const job of queue.splice(0)) job.settle(canceled());
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = undefined;
          slot.job?.settle(canceled());
          slot.job = undefined;
          clearTimeout(slot.grace);
          await worker?.terminate();
        }),
      );
    },
  };
}
