/** After a stop, how long the requests in flight may take before they are abandoned. */
export const STOP_GRACE_MS = 2_000;

/**
 * Ctrl-C (or SIGTERM) stops the traffic: the first signal sends nothing new and gives the
 * requests in flight STOP_GRACE_MS to finish; a second one, or the end of the grace, abandons
 * them. Either way the run ends normally and prints its summary.
 */
export interface StopSignals {
  /** Aborted by the first signal: send nothing new. */
  stop: AbortSignal;
  /** Aborted by a second signal or the end of the grace: abandon the requests in flight. */
  cancel: AbortSignal;
  dispose(): void;
}

export function stopOnSignals(onStop: () => void): StopSignals {
  const stop = new AbortController();
  const cancel = new AbortController();
  let grace: NodeJS.Timeout | undefined;
  const handle = () => {
    if (stop.signal.aborted) {
      cancel.abort();
      return;
    }
    stop.abort();
    onStop();
    grace = setTimeout(() => cancel.abort(), STOP_GRACE_MS);
    grace.unref();
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return {
    stop: stop.signal,
    cancel: cancel.signal,
    dispose() {
      clearTimeout(grace);
      process.off('SIGINT', handle);
      process.off('SIGTERM', handle);
    },
  };
}
