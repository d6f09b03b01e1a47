/**
 * The native-histogram samples of the recent window (recent-samples.ts owns the window: its floor,
 * its cap, its load and eviction). Each sample is held as its stored bytes (histogram-codec.ts),
 * so what a select hands on is what a database read hands on, and the worker decodes both alike.
 */

/** What one held histogram costs, in float samples (16 bytes each): its bytes and ~112 of object. */
export function histogramWeight(bytes: Uint8Array): number {
  return Math.ceil((bytes.length + 112) / 16);
}

interface Held {
  t: number[];
  h: Uint8Array[];
  start: number;
}

export interface RecentHistogramRows {
  timestamps: number[];
  histograms: Uint8Array[];
}

/** First index in [start, length) whose time is >= `ms`. */
function lowerBound(held: Held, ms: number): number {
  let lo = held.start;
  let hi = held.t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((held.t[mid] as number) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class RecentHistograms {
  private readonly held = new Map<number, Held>();
  /** The held samples' weight (histogramWeight), counted against the window's sample cap. */
  weight = 0;
  /** Held samples. */
  count = 0;

  /** Adds a sample in time order; a time the series already has keeps its first sample. */
  append(id: number, ms: number, bytes: Uint8Array): void {
    let held = this.held.get(id);
    if (!held) {
      held = { t: [], h: [], start: 0 };
      this.held.set(id, held);
    }
    const last = held.t.length > held.start ? (held.t[held.t.length - 1] as number) : -Infinity;
    let at = held.t.length;
    if (ms <= last) {
      at = lowerBound(held, ms);
      if (held.t[at] === ms) return;
    }
    held.t.splice(at, 0, ms);
    held.h.splice(at, 0, bytes);
    this.weight += histogramWeight(bytes);
    this.count += 1;
  }

  select(id: number, minT: number, maxT: number): RecentHistogramRows | undefined {
    const held = this.held.get(id);
    if (!held) return undefined;
    const from = lowerBound(held, minT);
    const to = lowerBound(held, maxT + 1);
    if (to <= from) return undefined;
    return { timestamps: held.t.slice(from, to), histograms: held.h.slice(from, to) };
  }

  /** Forgets every sample before `floor`. */
  raiseFloor(floor: number): void {
    for (const [id, held] of this.held) {
      const keep = lowerBound(held, floor);
      for (let i = held.start; i < keep; i++) this.forgetAt(held, i);
      held.start = keep;
      if (held.start === held.t.length) this.held.delete(id);
      else if (held.start > held.t.length / 2) {
        held.t = held.t.slice(held.start);
        held.h = held.h.slice(held.start);
        held.start = 0;
      }
    }
  }

  drop(ids: Iterable<number>): void {
    for (const id of ids) {
      const held = this.held.get(id);
      if (!held) continue;
      for (let i = held.start; i < held.t.length; i++) this.forgetAt(held, i);
      this.held.delete(id);
    }
  }

  private forgetAt(held: Held, i: number): void {
    this.weight -= histogramWeight(held.h[i] as Uint8Array);
    this.count -= 1;
  }
}
