import { useEffect, useState } from 'preact/hooks';

type Explorer = typeof import('./metrics-explorer.js').MetricsExplorer;

/** The route's entry: the explorer (CodeMirror, uPlot) is its own chunk, loaded on first visit. */
export function MetricsPage({ search }: { search: string }) {
  const [explorer, setExplorer] = useState<{ component: Explorer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import('./metrics-explorer.js').then(
      (module) => setExplorer({ component: module.MetricsExplorer }),
      (failure: Error) => setError(failure.message),
    );
  }, []);
  if (error)
    return <p class="error">Cannot load the metrics explorer: {error}. Reload the page.</p>;
  if (!explorer) return <p class="notice">Loading the metrics explorer…</p>;
  const Component = explorer.component;
  return <Component search={search} />;
}
