import { useEffect, useState } from 'preact/hooks';

export type FetchState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'done'; data: T };

/** Server data for a view: refetched when `key` changes, the stale answer of an old key dropped. */
export function useFetch<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): FetchState<T> {
  const [state, setState] = useState<FetchState<T>>({ status: key === null ? 'idle' : 'loading' });
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => setState({ status: 'done', data }),
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ status: 'error', message: error.message });
      },
    );
    return () => controller.abort();
  }, [key]);
  return state;
}
