import type { DuckDBBlobValue, DuckDBConnection } from '@duckdb/node-api';
import type { SampleBatch } from '../metrics/sample.js';
import { RecentHistograms } from './recent-histograms.js';
import { readSampleChunks } from './sample-rows.js';

/** How far back samples are kept in memory: a dashboard's hour, and the 5 m windows before it. */
export const RECENT_WINDOW_MS = 2 * 3_600_000;
/**
 * At most this many samples (16 bytes each) are held; past it the window shrinks. A native
 * histogram counts as its bytes in memory over 16 (recent-histograms.ts: histogramWeight).
 */
export const RECENT_MAX_SAMPLES = 4_000_000;

interface Buffer {
  t: Float64Array;
  /** Values as 32-bit halves, so a staleness marker's NaN bits are copied exactly. */
  v: Uint32Array;
  start: number;
  end: number;
}

export interface RecentSeries {
  timestamps: Float64Array;
  values: Float64Array;
}

function grow(buffer: Buffer): void {
  const live = buffer.end - buffer.start;
  const capacity = Math.max(16, live * 2);
  const t = new Float64Array(capacity);
  const v = new Uint32Array(capacity * 2);
  t.set(buffer.t.subarray(buffer.start, buffer.end));
  v.set(buffer.v.subarray(buffer.start * 2, buffer.end * 2));
  buffer.t = t;
  buffer.v = v;
  buffer.start = 0;
  buffer.end = live;
}

/** First index in [start, end) whose time is >= `ms`. */
function lowerBound(buffer: Buffer, ms: number): number {
  let lo = buffer.start;
  let hi = buffer.end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((buffer.t[mid] as number) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The newest samples of every series in memory, as Prometheus keeps its head block: instant
 * queries and dashboards over the last hour read these instead of scanning the samples table
 * (what made instant queries 2–3 times slower than Prometheus's). Every sample at or after
 * `floor` is held, so a select from there on needs no database read; older ones are only in
 * the database. Fed after each commit, so it never holds what is not durable.
 */
export class RecentSamples {
  private readonly buffers = new Map<number, Buffer>();
  private held = 0;
  /** The window's native-histogram samples, as stored bytes. */
  readonly histograms = new RecentHistograms();
  /** Every sample with a time at or after this is held. */
  floor: number;

  constructor(
    private readonly windowMs = RECENT_WINDOW_MS,
    private readonly maxSamples = RECENT_MAX_SAMPLES,
    private readonly now: () => number = Date.now,
  ) {
    this.floor = now() - windowMs;
  }

  /** Loads the window from the samples table, at open. */
  async load(connection: DuckDBConnection): Promise<void> {
    const chunks = await readSampleChunks(
      connection,
      `SELECT series_id, t_ms, value FROM samples WHERE t_ms >= ${Math.ceil(this.floor)}`,
      () => {},
    );
    for (const chunk of chunks) {
      for (let i = 0; i < chunk.length; i++) {
        const ms =
          (chunk.timeWords[2 * i + 1] as number) * 2 ** 32 +
          ((chunk.timeWords[2 * i] as number) >>> 0);
        this.append(chunk.ids[i] as number, ms, chunk.valueWords, i);
      }
    }
    const histograms = await connection.runAndReadAll(
      `SELECT series_id, t_ms, histogram FROM histogram_samples WHERE t_ms >= ${Math.ceil(this.floor)}`,
    );
    for (const [id, ms, bytes] of histograms.getRows()) {
      this.histograms.append(Number(id), Number(ms), (bytes as DuckDBBlobValue).bytes);
    }
    this.evict();
  }

  /** A committed batch; `ids` are its series' ids, in batch order. */
  add(batch: SampleBatch, ids: ArrayLike<number>): void {
    const words = new Uint32Array(
      batch.values.buffer,
      batch.values.byteOffset,
      batch.values.length * 2,
    );
    batch.series.forEach((entry, index) => {
      const id = ids[index];
      if (id === undefined) return;
      for (let i = entry.first; i < entry.first + entry.count; i++) {
        this.append(id, batch.timestampsMs[i] as number, words, i);
      }
    });
    this.evict();
  }

  /** Committed native-histogram samples: row i is series ids[i] at times[i], stored bytes. */
  addHistograms(ids: readonly number[], times: readonly number[], bytes: readonly Uint8Array[]) {
    ids.forEach((id, i) => {
      const ms = times[i] as number;
      if (ms >= this.floor) this.histograms.append(id, ms, bytes[i] as Uint8Array);
    });
    this.evict();
  }

  /** True when every sample from `minT` on is held here. */
  covers(minT: number): boolean {
    this.evict();
    return minT >= this.floor;
  }

  /** The samples of series `id` in [minT, maxT], copied. */
  select(id: number, minT: number, maxT: number): RecentSeries | undefined {
    const buffer = this.buffers.get(id);
    if (!buffer) return undefined;
    const from = lowerBound(buffer, minT);
    const to = lowerBound(buffer, maxT + 1);
    if (to <= from) return undefined;
    const values = new Float64Array(to - from);
    new Uint32Array(values.buffer).set(buffer.v.subarray(from * 2, to * 2));
    return { timestamps: buffer.t.slice(from, to), values };
  }

  /** Retention deleted every sample before `ms` from the database: forget them here too. */
  forgetBefore(ms: number): void {
    if (ms > this.floor) this.raiseFloor(ms);
  }

  /** Forgets series the store dropped. */
  drop(ids: readonly number[]): void {
    for (const id of ids) {
      const buffer = this.buffers.get(id);
      if (!buffer) continue;
      this.held -= buffer.end - buffer.start;
      this.buffers.delete(id);
    }
    this.histograms.drop(ids);
  }

  /** Samples held, native histograms included. */
  get size(): number {
    return this.held + this.histograms.count;
  }

  private append(id: number, ms: number, words: Uint32Array, index: number): void {
    if (ms < this.floor) return;
    let buffer = this.buffers.get(id);
    if (!buffer) {
      buffer = { t: new Float64Array(16), v: new Uint32Array(32), start: 0, end: 0 };
      this.buffers.set(id, buffer);
    }
    const last = buffer.end > buffer.start ? (buffer.t[buffer.end - 1] as number) : -Infinity;
    // A repeated time keeps its first sample, as the database read does.
    let at = buffer.end;
    if (ms <= last) {
      at = lowerBound(buffer, ms);
      if (buffer.t[at] === ms) return;
    }
    if (buffer.end === buffer.t.length) grow(buffer);
    if (at < buffer.end) {
      buffer.t.copyWithin(at + 1, at, buffer.end);
      buffer.v.copyWithin((at + 1) * 2, at * 2, buffer.end * 2);
    }
    buffer.t[at] = ms;
    buffer.v[at * 2] = words[index * 2] as number;
    buffer.v[at * 2 + 1] = words[index * 2 + 1] as number;
    buffer.end += 1;
    this.held += 1;
  }

  /** Moves the floor up to the window, or further while over the sample cap. */
  private evict(): void {
    const now = this.now();
    // The floor moves in steps of at least 10 s, so a select does not walk every series.
    let floor = now - this.windowMs >= this.floor + 10_000 ? now - this.windowMs : this.floor;
    for (;;) {
      if (floor > this.floor) this.raiseFloor(floor);
      if (this.held + this.histograms.weight <= this.maxSamples || floor >= now) return;
      floor += Math.max(1, (now - floor) / 4);
    }
  }

  private raiseFloor(floor: number): void {
    this.floor = floor;
    this.histograms.raiseFloor(floor);
    for (const [id, buffer] of this.buffers) {
      const keep = lowerBound(buffer, floor);
      this.held -= keep - buffer.start;
      buffer.start = keep;
      if (buffer.start === buffer.end) this.buffers.delete(id);
      else if (buffer.start > buffer.t.length / 2) grow(buffer);
    }
  }
}
