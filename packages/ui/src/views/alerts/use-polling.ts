import { useEffect, useState } from 'preact/hooks';

export interface Polled<T> {
  /** The last answer, kept while the next one loads so the page does not blank. */
  data?: T;
  /** The last poll's error, cleared by the next answer. */
  error?: Error;
  /** When the last answer or error arrived (ms): what relative times are measured from. */
  at: number;
}

/**
 * `load` now, then `intervalMs` after each answer (never two at once, so a slow backend is not
 * piled on); 0 loads once. `again` changing loads at once. A poll whose error `stopOn` accepts is
 * the last: an API this backend does not have will not appear by asking again.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: { intervalMs: number; again?: number; stopOn?: (error: Error) => boolean },
): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ at: Date.now() });
  const { intervalMs, again, stopOn } = options;
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let stop = false;
      try {
        const data = await load(controller.signal);
        setState({ data, at: Date.now() });
      } catch (error) {
        if (controller.signal.aborted) return;
        stop = stopOn?.(error as Error) ?? false;
        setState((last) => ({ data: last.data, error: error as Error, at: Date.now() }));
      }
      if (!stop && intervalMs > 0 && !controller.signal.aborted)
        timer = setTimeout(poll, intervalMs);
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [intervalMs, again]);
  return state;
}
