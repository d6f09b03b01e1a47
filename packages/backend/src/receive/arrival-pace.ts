/** How fast a request body (or gRPC message) must keep arriving once its headers are in. */
export interface ArrivalPace {
  /** The window the pace is judged over (ms). */
  windowMs: number;
  /** Bytes the body must bring in every window until it is whole. */
  minBytesPerWindow: number;
}

/**
 * 40 KiB in every 5 seconds (8 KiB/s, 64 kbit/s: below an EDGE uplink, the slowest link an
 * exporter is likely on). A body held in memory counts against the ingest budget, so one that
 * stops, or trickles to keep its connection, is ended rather than allowed to hold its bytes until
 * the request timeout; 5 s is longer than TCP's first retransmissions after a loss. A body that
 * arrives faster than this but is not whole within the request timeout still gets its 408 then.
 */
export const BODY_PACE: ArrivalPace = { windowMs: 5_000, minBytesPerWindow: 40 * 1024 };

export interface ArrivalWatch {
  /** Counts bytes that arrived. */
  arrived(bytes: number): void;
  /** Ends the watch (the body is whole, or the request over); no stall is reported after. */
  stop(): void;
}

/**
 * Calls `onStall` once, with a message for the client, when a window ends with fewer than the
 * minimum bytes arrived, unless `stop` was called first. The timer does not keep the process up.
 */
export function watchArrival(pace: ArrivalPace, onStall: (message: string) => void): ArrivalWatch {
  let inWindow = 0;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const judge = () => {
    if (stopped) return;
    if (inWindow >= pace.minBytesPerWindow) {
      inWindow = 0;
      return;
    }
    stop();
    onStall(
      `the body stopped arriving: ${kib(inWindow)} in ${pace.windowMs / 1000} s, fewer than the ${kib(pace.minBytesPerWindow)} a body must bring in that time`,
    );
  };
  // Judged once the input already waiting has been read (setImmediate runs after the poll
  // phase), so an event loop held up by other work does not count as the client's delay.
  const timer = setInterval(() => setImmediate(judge), pace.windowMs);
  timer.unref();
  return {
    arrived: (bytes) => {
      inWindow += bytes;
    },
    stop,
  };
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KiB`;
}
