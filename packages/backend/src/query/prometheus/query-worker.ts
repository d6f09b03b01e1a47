/**
 * A PromQL worker thread: parses, evaluates and formats queries off the main thread, so that a
 * heavy query never holds up the event loop that acknowledges OTLP batches. Samples stay with
 * the main thread (the series index, the recent samples and the database connections live
 * there): each select of a query is asked for, and its rows arrive with their buffers
 * transferred, to be grouped by series here. The answer goes back as UTF-8 bytes, transferred too.
 *
 * Nothing here may load DuckDB: this file, query-runner.ts, query-messages.ts and row-chunks.ts
 * import only the PromQL engine.
 */
import { parentPort } from 'node:worker_threads';
import type { LabelMatcher, Storage, StoredSeries } from '@otel-lab/promql';
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

/** The engine's storage for query `id`: each select is a request to the main thread. */
function storageFor(id: number): Storage {
  return {
    select(matchers: readonly LabelMatcher[], minT: number, maxT: number) {
      const select = selects++;
      return new Promise<StoredSeries[]>((resolve, reject) => {
        waiting.set(`${id}:${select}`, { resolve, reject });
        post({ type: 'select', id, select, matchers: [...matchers], minT, maxT });
      });
    },
  };
}

async function run(id: number, request: QueryRequest): Promise<void> {
  try {
    const answer = await runQuery(storageFor(id), request);
    const json =
      typeof answer.json === 'string' ? new TextEncoder().encode(answer.json) : answer.json;
    post({ type: 'answer', id, json, warnings: answer.warnings }, [json.buffer as ArrayBuffer]);
  } catch (error) {
    post({ type: 'failed', id, error: errorRecord(error) });
  } finally {
    for (const key of waiting.keys()) if (key.startsWith(`${id}:`)) waiting.delete(key);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
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
        select?.resolve(groupSelection(series, message.selection.chunks));
      } else select?.reject(new ForwardedError(message.error));
      break;
    }
  }
});
