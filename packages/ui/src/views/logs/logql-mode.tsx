import { useEffect, useState } from 'preact/hooks';

type View = typeof import('../logql/logql-view.js').LogqlView;

/** The LogQL mode's entry: its view (CodeMirror, uPlot) is its own chunk, loaded on first use. */
export function LogqlMode({ search }: { search: string }) {
  const [view, setView] = useState<{ component: View } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import('../logql/logql-view.js').then(
      (module) => setView({ component: module.LogqlView }),
      (failure: Error) => setError(failure.message),
    );
  }, []);
  if (error) return <p class="error">Cannot load the LogQL view: {error}. Reload the page.</p>;
  if (!view) return <p class="notice">Loading the LogQL view…</p>;
  const Component = view.component;
  return <Component search={search} />;
}
