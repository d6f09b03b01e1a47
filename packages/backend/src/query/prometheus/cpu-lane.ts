/**
 * The main thread's processor time for the query work done on it (matching series, parsing
 * selectors, copying recent samples), shared in turns: one task computes at a time, the event
 * loop turns (OTLP acknowledgements, other I/O) after every SLICE_MS of computing, and the tasks
 * that wait take the next slices in arrival order, each going to the back when its slice is spent.
 *
 * Yielding inside each task alone is not enough: the selects of one PromQL query arrive from its
 * worker as messages handled in one turn of the event loop, so 20,000 selects of 2,003 series
 * each computed in that one turn (a 5.3 s stall of every acknowledgement), and tasks that paused
 * with setImmediate all resume in the same turn again. Waiting tasks here wait on promises, so
 * only the one computing has a turn to resume in.
 */

/** The longest the event loop waits for a turn while queries compute (ms), give or take a step. */
export const SLICE_MS = 8;

export class CpuLane {
  private busy = false;
  private readonly waiting: (() => void)[] = [];
  private sliceStart = 0;

  /** Resolves when the caller may compute; every `enter` must be followed by one `leave`. */
  async enter(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      this.sliceStart = performance.now();
      return;
    }
    // Handed over by `leave` within the same slice: the event loop has not turned since.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Done computing (or about to wait for I/O): the next waiting task goes on. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }

  /** Whether the current slice is spent: the caller should `yield`. */
  spent(): boolean {
    return performance.now() - this.sliceStart >= SLICE_MS;
  }

  /** For the task in the lane: a turn of the event loop, then a slice for each task that waits. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
    if (this.waiting.length === 0) return;
    this.leave();
    await this.enter();
  }

  /** Tasks waiting for a slice, for tests and status. */
  get queued(): number {
    return this.waiting.length;
  }
}

/** The lane of this thread's query work. */
export const mainThreadLane = new CpuLane();
