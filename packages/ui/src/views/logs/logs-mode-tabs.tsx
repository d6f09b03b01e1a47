/** The Logs page's two ways to ask: the filter form, or a LogQL query. Links, so back works. */
export function LogsModeTabs({
  mode,
  filtersHref,
  logqlHref,
}: {
  mode: 'filters' | 'logql';
  filtersHref: string;
  logqlHref: string;
}) {
  return (
    <nav class="logs-modes" aria-label="query mode">
      <a
        href={filtersHref}
        class={mode === 'filters' ? 'active' : undefined}
        aria-current={mode === 'filters' ? 'page' : undefined}
      >
        Filters
      </a>
      <a
        href={logqlHref}
        class={mode === 'logql' ? 'active' : undefined}
        aria-current={mode === 'logql' ? 'page' : undefined}
      >
        LogQL
      </a>
    </nav>
  );
}
