/**
 * What one PromQL query may still load on the main thread, shared by all its selects (they run
 * at once): samples under --query-max-samples in all, before its deadline, and nothing once the
 * query has ended (failed, timed out), so its other reads stop at their next chunk.
 */
import { PromqlError } from '@otel-lab/promql';
import { timeoutError } from './query-runner.js';

const TOO_MANY = 'query processing would load too many samples into memory in query execution';

export class QueryBudget {
  private remaining: number;
  private ended: Error | undefined;

  constructor(
    maxSamples: number,
    readonly deadline: number,
  ) {
    this.remaining = maxSamples;
  }

  /** Counts rows about to be kept; throws when they are one too many, late or unwanted. */
  readonly take = (rows: number): void => {
    if (this.ended) throw this.ended;
    if (Date.now() > this.deadline) throw timeoutError('expression evaluation');
    this.remaining -= rows;
    if (this.remaining < 0) throw new PromqlError('execution', TOO_MANY);
  };

  /** The query is over: later takes throw `reason`. */
  end(reason: Error): void {
    this.ended ??= reason;
  }
}
