/** The ingest queue is full: the receiver answers 503 with Retry-After instead of buffering. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/**
 * Runs writes one at a time, in arrival order (DuckDB has one writer, and a batch must commit
 * before its request is acknowledged). At most `limit` writes wait; more are refused at once,
 * so memory stays bounded when ingest outruns the disk.
 */
export function createWriteQueue(limit: number) {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return {
    get waiting() {
      return waiting;
    },
    run<T>(write: () => Promise<T>): Promise<T> {
      if (waiting >= limit) {
        return Promise.reject(new QueueFullError(`ingest queue full (${limit} batches waiting)`));
      }
      waiting += 1;
      const result = tail.then(write).finally(() => {
        waiting -= 1;
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
