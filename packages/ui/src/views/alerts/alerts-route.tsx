import { useEffect, useState } from 'preact/hooks';

type Page = typeof import('./alerts-page.js').AlertsPage;

/** /alerts: the page is its own chunk, loaded on first visit; only the nav's badge loads at once. */
export function AlertsRoute({ search }: { search: string }) {
  const [page, setPage] = useState<{ component: Page } | string | null>(null);
  useEffect(() => {
    import('./alerts-page.js').then(
      (module) => setPage({ component: module.AlertsPage }),
      (error: Error) => setPage(`Cannot load the alerts page: ${error.message}. Reload the page.`),
    );
  }, []);
  if (typeof page === 'string') return <p class="error">{page}</p>;
  if (!page) return <p class="notice">Loading…</p>;
  const Component = page.component;
  return <Component search={search} />;
}
