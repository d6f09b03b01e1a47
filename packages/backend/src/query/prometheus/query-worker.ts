/**
 * A PromQL worker thread: parses, evaluates and formats queries off the main thread, so that a
 * heavy query never holds up the event loop that acknowledges OTLP batches. Samples stay with
 * the main thread (the series index, the recent samples and the database connections live
 * there): each select of a query is asked for, and its rows arrive with their buffers
 * transferred, to be grouped by series here. The answer goes back as UTF-8 bytes, transferred too.
 *
 * Nothing here may load DuckDB: this file, query-runner.ts, query-messages.ts, row-chunks.ts and
 * histogram-rows.ts (with histogram-codec.ts) import only the PromQL engine.
 */
import { parentPort } from 'node:worker_threads';
import { type LabelMatcher, PromqlError, type Storage, type StoredSeries } from '@otel-lab/promql';
import { withHistograms } from '../../storage/histogram-rows.js';
import { groupSelection } from '../../storage/row-chunks.js';
import { errorRecord, ForwardedError, type FromWorker, type ToWorker } from './query-messages.js';
import { type QueryRequest, runQuery, selectorMatchers } from './query-runner.js';
import { LabelCache } from './worker-labels.js';

const port = parentPort;
if (!port) throw new Error('query-worker.js runs as a worker thread (query-pool.ts starts it)');

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

/** Selects waiting for their rows, by query id and select number. */
const waiting = new Map<
  string,
  { resolve: (s: StoredSeries[]) => void; reject: (e: Error) => void }
>();
let selects = 0;
const labels = new LabelCache();
/** Holds the id of the query the main thread wants stopped (its client has gone). */
let stopFlag: Int32Array | undefined;

/**
 * Selects one query has asked the main thread for and not yet received. The engine asks for
 * every selector's samples at once; 20,000 select messages arriving together were handled in
 * one turn of the main thread's event loop (0.6 s without an OTLP acknowledgement), and the
 * main thread reads at most 4 at a time anyway (its reader connections).
 */
const SELECTS_IN_FLIGHT = 4;

/**
 * The engine's storage for query `id`: each select is a request to the main thread. Once the
 * query has ended (`end`), the selects still waiting their turn fail without being asked.
 */
function storageFor(id: number): { storage: Storage; end: () => void } {
  let inFlight = 0;
  let ended = false;
  const queued: (() => void)[] = [];
  const ask = (matchers: readonly LabelMatcher[], minT: number, maxT: number) => {
    const select = selects++;
    inFlight += 1;
    return new Promise<StoredSeries[]>((resolve, reject) => {
      waiting.set(`${id}:${select}`, { resolve, reject });
      post({ type: 'select', id, select, matchers: [...matchers], minT, maxT });
    }).finally(() => {
      inFlight -= 1;
      queued.shift()?.();
    });
  };
  return {
    storage: {
      async select(matchers: readonly LabelMatcher[], minT: number, maxT: number) {
        while (inFlight >= SELECTS_IN_FLIGHT && !ended) {
          await new Promise<void>((go) => queued.push(go));
        }
        if (ended) throw new PromqlError('canceled', 'the query has ended');
        return ask(matchers, minT, maxT);
      },
    },
    end() {
      ended = true;
      for (const go of queued.splice(0)) go();
    },
  };
}

async function run(id: number, request: QueryRequest): Promise<void> {
  const { storage, end } = storageFor(id);
  // Read between steps of evaluation, which never lets this thread's event loop turn.
  const signal = {
    get aborted() {
      return stopFlag !== undefined && Atomics.load(stopFlag, 0) === id;
    },
  };
  try {
    const answer = await runQuery(storage, request, signal);
    const json =
      typeof answer.json === 'string' ? new TextEncoder().encode(answer.json) : answer.json;
    post({ type: 'answer', id, json, warnings: answer.warnings }, [json.buffer as ArrayBuffer]);
  } catch (error) {
    post({ type: 'failed', id, error: errorRecord(error) });
  } finally {
    end();
    for (const key of waiting.keys()) if (key.startsWith(`${id}:`)) waiting.delete(key);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'stop-flag':
      stopFlag = message.flag;
      break;
    case 'run':
      void run(message.id, message.request);
      break;
    case 'selectors':
      try {
        post({ type: 'selectors', id: message.id, selectors: selectorMatchers(message.query) });
      } catch (error) {
        post({ type: 'failed', id: message.id, error: errorRecord(error) });
      }
      break;
    case 'rows':
    case 'rows-failed': {
      const key = `${message.id}:${message.select}`;
      const select = waiting.get(key);
      waiting.delete(key);
      if (message.type === 'rows') {
        // Labels are taken even when the select is no longer awaited: the cache must stay whole.
        const series = labels.take(message.selection.series);
        const { chunks, histograms } = message.selection;
        select?.resolve(withHistograms(series, groupSelection(series, chunks), histograms));
      } else select?.reject(new ForwardedError(message.error));
      break;
    }
  }
});
