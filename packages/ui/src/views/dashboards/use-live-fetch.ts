import { useEffect, useState } from 'preact/hooks';

export interface LiveState<T> {
  /** The last answer, kept while a refresh loads so panels do not flicker. */
  data?: T;
  error?: string;
  loading: boolean;
}

/** Like useFetch, but a new key keeps showing the last answer until the next one arrives. */
export function useLiveFetch<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): LiveState<T> {
  const [state, setState] = useState<LiveState<T>>({ loading: key !== null });
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    load(controller.signal).then(
      (data) => setState({ data, loading: false }),
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ error: error.message, loading: false });
      },
    );
    return () => controller.abort();
  }, [key]);
  return state;
}
