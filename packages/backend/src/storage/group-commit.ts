import { QueueFullError, type WriteQueue } from './write-queue.js';

/** The most batches one transaction takes: bounds its size and the wait of the first. */
const MAX_GROUP = 16;

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while the writer is busy are written together, in one
 * transaction, when their turn comes (one commit and one fsync instead of one each). Each
 * item's promise resolves once that transaction has committed, so an acknowledgement still
 * means durable. At most `limit` items wait; more are refused at once, as the write queue does.
 */
export function createGroupCommit<T>(
  queue: WriteQueue,
  write: (group: T[]) => Promise<void>,
  limit: number,
) {
  const waiting: Waiting<T>[] = [];
  let scheduled = false;

  function schedule(): void {
    scheduled = true;
    queue
      .run(async () => {
        scheduled = false;
        const group = waiting.splice(0, MAX_GROUP);
        if (waiting.length > 0) schedule();
        try {
          await write(group.map((entry) => entry.item));
          for (const entry of group) entry.resolve();
        } catch (error) {
          for (const entry of group) entry.reject(error);
        }
      })
      .catch((error: unknown) => {
        // The write queue itself refused (full): nothing of this group was written.
        scheduled = false;
        for (const entry of waiting.splice(0)) entry.reject(error);
      });
  }

  return {
    write(item: T): Promise<void> {
      if (waiting.length >= limit) {
        return Promise.reject(new QueueFullError(`ingest queue full (${limit} batches waiting)`));
      }
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!scheduled) schedule();
      });
    },
    get waiting(): number {
      return waiting.length;
    },
  };
}
