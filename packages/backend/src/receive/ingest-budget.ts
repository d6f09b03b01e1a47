/** The ingest memory budget is in use: the receiver answers 503 (gRPC UNAVAILABLE) to retry later. */
export class IngestBudgetError extends Error {
  override name = 'IngestBudgetError';
}

/** What one request holds of the budget, from before its body is read until it is answered. */
export interface Reservation {
  readonly bytes: number;
  /**
   * Raises the reservation to `bytes` (a smaller value changes nothing). Throws
   * IngestBudgetError, and counts the request as refused, when the rise does not fit.
   */
  growTo(bytes: number): void;
  /** Lowers the reservation to `bytes` (a larger value changes nothing). */
  shrinkTo(bytes: number): void;
  /** Gives the bytes back; later calls do nothing, so every path may call it. */
  release(): void;
}

export interface IngestBudget {
  readonly limitBytes: number;
  /** Bytes the requests in flight hold now. */
  readonly heldBytes: number;
  /** Requests refused since start because their bytes did not fit. */
  readonly refusedRequests: number;
  /** Reserves `bytes` for a new request, or throws IngestBudgetError (counted as refused). */
  reserve(bytes: number): Reservation;
}

const MiB = 2 ** 20;

/**
 * One budget for the request bytes the process holds at once (bodies being read, decompressed,
 * decoded and waiting to be stored), shared by every receiver. A request that does not fit is
 * refused at once rather than queued: a waiting request would hold its connection and, for
 * growth, its bytes, and requests waiting on each other to grow would never finish. A request
 * always fits when it is the only one holding anything, so even one larger than the whole budget
 * is served, alone.
 */
export function createIngestBudget(limitBytes: number): IngestBudget {
  let held = 0;
  let holders = 0;
  let refused = 0;

  function refuse(wanted: number): never {
    refused += 1;
    throw new IngestBudgetError(
      `ingest memory budget full: ${mib(held)} of ${mib(limitBytes)} held by requests in flight, ${mib(wanted)} more needed; retry later`,
    );
  }

  return {
    limitBytes,
    get heldBytes() {
      return held;
    },
    get refusedRequests() {
      return refused;
    },
    reserve(bytes) {
      const wanted = Math.max(0, Math.ceil(bytes));
      if (holders > 0 && held + wanted > limitBytes) refuse(wanted);
      held += wanted;
      holders += 1;
      let mine = wanted;
      let released = false;
      return {
        get bytes() {
          return mine;
        },
        growTo(total) {
          const more = Math.ceil(total) - mine;
          if (released || more <= 0) return;
          const alone = holders === 1;
          if (!alone && held + more > limitBytes) refuse(more);
          held += more;
          mine += more;
        },
        shrinkTo(total) {
          const less = mine - Math.max(0, Math.ceil(total));
          if (released || less <= 0) return;
          held -= less;
          mine -= less;
        },
        release() {
          if (released) return;
          released = true;
          held -= mine;
          holders -= 1;
          mine = 0;
        },
      };
    },
  };
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;
}
