import { useEffect, useState } from 'preact/hooks';

type View = typeof import('./traceql/traceql-view.js').TraceqlView;

/** The TraceQL mode's entry: its view (CodeMirror, the grammar) is its own chunk, loaded on first use. */
export function TraceqlMode({ search }: { search: string }) {
  const [view, setView] = useState<{ component: View } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import('./traceql/traceql-view.js').then(
      (module) => setView({ component: module.TraceqlView }),
      (failure: Error) => setError(failure.message),
    );
  }, []);
  if (error) return <p class="error">Cannot load the TraceQL view: {error}. Reload the page.</p>;
  if (!view) return <p class="notice">Loading the TraceQL view…</p>;
  const Component = view.component;
  return <Component search={search} />;
}
