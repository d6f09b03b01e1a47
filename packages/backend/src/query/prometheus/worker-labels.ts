/**
 * Series labels cross to a query worker once, not with every select. Cloning label objects was
 * the largest cost of a small query in a worker (1.4 ms of a 2 ms hop for 268 series; 64 ms for
 * 20,000); a series id names the same labels for the whole life of the process (ids are never
 * reused), so the main thread remembers which ids each worker has been told (`LabelsSent`) and
 * sends only the others, as one JSON string (cheaper to pass than objects), and the worker keeps
 * them (`LabelCache`). Both forget everything past a bound, so a churn of series cannot grow them.
 */
import type { Label } from './series-source.js';

/** Series ids whose labels a worker holds at most; past it, both sides start over. */
const MAX_CACHED = 65_536;

/** What one select's series look like as they cross. */
export interface SeriesLabelsMessage {
  /** The selected series' ids, ascending. */
  ids: Uint32Array;
  /** JSON: [[id, labels], …] for the ids the worker has not been told yet. */
  labels: string;
  /** The worker drops its cache before taking these labels. */
  forget: boolean;
}

const jsonOf = new WeakMap<readonly Label[], string>();

function labelsJson(labels: readonly Label[]): string {
  let json = jsonOf.get(labels);
  if (json === undefined) {
    json = JSON.stringify(labels);
    jsonOf.set(labels, json);
  }
  return json;
}

/** The main thread's record of one worker's cache. Call `message` right before posting. */
export class LabelsSent {
  private readonly sent = new Set<number>();

  message(series: readonly { id: number; labels: readonly Label[] }[]): SeriesLabelsMessage {
    const forget = this.sent.size + series.length > MAX_CACHED;
    if (forget) this.sent.clear();
    const fresh: string[] = [];
    for (const s of series) {
      if (this.sent.has(s.id)) continue;
      if (this.sent.size < MAX_CACHED) this.sent.add(s.id);
      fresh.push(`[${s.id},${labelsJson(s.labels)}]`);
    }
    return { ids: Uint32Array.from(series, (s) => s.id), labels: `[${fresh.join(',')}]`, forget };
  }
}

/** The worker's side: labels by series id. */
export class LabelCache {
  private readonly byId = new Map<number, readonly Label[]>();

  /** The series of a message, with their labels. */
  take(message: SeriesLabelsMessage): { id: number; labels: readonly Label[] }[] {
    if (message.forget) this.byId.clear();
    for (const [id, labels] of JSON.parse(message.labels) as [number, Label[]][]) {
      this.byId.set(id, labels);
    }
    return Array.from(message.ids, (id) => {
      const labels = this.byId.get(id);
      if (!labels) throw new Error(`the query worker was not told the labels of series ${id}`);
      return { id, labels };
    });
  }
}
