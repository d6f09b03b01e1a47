/** The ingest memory budget is in use: the receiver answers 503 (gRPC UNAVAILABLE) to retry later. */
export class IngestBudgetError extends Error {
  override name = 'IngestBudgetError';
}

/** What one request holds of the budget, from its admission until it is answered. */
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
  /**
   * Admits a request expected to need `expectedBytes` (0 when nothing tells) if they fit in
   * what is free now, or throws IngestBudgetError (counted as refused). The reservation holds
   * nothing yet: it grows as the request's bytes arrive and are decoded.
   */
  admit(expectedBytes: number): Reservation;
  /** Admits a request and holds `bytes` for it at once. */
  reserve(bytes: number): Reservation;
}

const MiB = 2 ** 20;

/**
 * One budget for the request bytes the process holds at once (bodies being read, decompressed,
 * decoded and waiting to be stored), shared by every receiver. A reservation holds only bytes
 * the process really has (a client that declares a large body and sends nothing holds nothing),
 * so holding the budget costs a client the bytes it sends. A request that does not fit is
 * refused at once rather than queued: a waiting request would hold its connection and its bytes,
 * and requests waiting on each other to grow would never finish. A request always fits when no
 * other holds anything, so even one larger than the whole budget is served, alone.
 */
export function createIngestBudget(limitBytes: number): IngestBudget {
  let held = 0;
  let refused = 0;

  function refuse(wanted: number): never {
    refused += 1;
    throw new IngestBudgetError(
      `ingest memory budget full: ${mib(held)} of ${mib(limitBytes)} held by requests in flight, ${mib(wanted)} more needed; retry later`,
    );
  }

  /** Whether `more` bytes fit beside what the others (holding all but `mine`) hold. */
  const fits = (more: number, mine: number) => held === mine || held + more <= limitBytes;

  function admit(expectedBytes: number): Reservation {
    const expected = Math.max(0, Math.ceil(expectedBytes));
    if (!fits(expected, 0)) refuse(expected);
    let mine = 0;
    let released = false;
    return {
      get bytes() {
        return mine;
      },
      growTo(total) {
        const more = Math.ceil(total) - mine;
        if (released || more <= 0) return;
        if (!fits(more, mine)) refuse(more);
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
        mine = 0;
      },
    };
  }

  return {
    limitBytes,
    get heldBytes() {
      return held;
    },
    get refusedRequests() {
      return refused;
    },
    admit,
    reserve(bytes) {
      const reservation = admit(bytes);
      reservation.growTo(bytes);
      return reservation;
    },
  };
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;
}
