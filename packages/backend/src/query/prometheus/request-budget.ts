/**
 * The main thread's share of one request of the metadata endpoints (series, labels, label
 * values, query_exemplars), however many selectors it has: its computing runs in the thread's
 * CPU lane (cpu-lane.ts: in slices, the event loop turning between them, other requests' work
 * taking turns), counted in small units (a series tested against a selector, a row read), and
 * it stops at the request's deadline (--query-timeout, a 503 `timeout` as a PromQL query's) or
 * as soon as its client has gone. One budget spans the whole request.
 */
import { ApiError } from './api-response.js';
import { type CpuLane, mainThreadLane } from './cpu-lane.js';

/** Units counted between two looks at the clock (a look costs about as much as a unit). */
const UNITS_PER_LOOK = 256;

export class RequestBudget {
  private units = 0;
  private inLane = false;

  /**
   * @param deadline Date.now() past which the work stops with a timeout.
   * @param signal aborted when the client has gone.
   * @param where what the request does, for the errors: "query timed out in {where}".
   */
  constructor(
    readonly deadline: number,
    private readonly signal?: AbortSignal,
    private readonly where = 'series selection',
    private readonly lane: CpuLane = mainThreadLane,
  ) {}

  /** Runs `work` in the CPU lane: call `spend` as it goes, `pause` when that says so. */
  async compute<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.inLane) return work();
    await this.lane.enter();
    this.inLane = true;
    try {
      this.check();
      return await work();
    } finally {
      this.inLane = false;
      this.lane.leave();
    }
  }

  /** Counts `units` of work; true when the slice is spent and the caller must `await pause()`. */
  spend(units = 1): boolean {
    this.units += units;
    if (this.units < UNITS_PER_LOOK) return false;
    this.units = 0;
    return this.lane.spent();
  }

  /** Other work's turn; throws when the request is past its deadline or its client has gone. */
  async pause(): Promise<void> {
    this.check();
    if (this.inLane) await this.lane.yield();
    else await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }

  /** Throws Prometheus's `canceled` or `timeout` error when the work must stop. */
  check(): void {
    if (this.signal?.aborted) {
      throw new ApiError('canceled', `query was canceled in ${this.where}`);
    }
    if (Date.now() > this.deadline)
      throw new ApiError('timeout', `query timed out in ${this.where}`);
  }

  /**
   * Calls `stop` once at the deadline or when the client goes, whichever comes first, for work
   * that runs elsewhere (a database read to interrupt); the returned function cancels that.
   */
  onStop(stop: () => void): () => void {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      stop();
    };
    const timer = setTimeout(once, Math.max(0, this.deadline - Date.now()));
    this.signal?.addEventListener('abort', once);
    if (this.signal?.aborted) once();
    return () => {
      done = true;
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', once);
    };
  }
}
