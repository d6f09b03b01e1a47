/**
 * Trace search's two ways to ask: the Jaeger-style form, or a TraceQL query. Links, so back
 * works; styled as the Logs page's tabs (logs.css is in the main bundle).
 */
export function SearchModeTabs({
  mode,
  formHref,
  traceqlHref,
}: {
  mode: 'form' | 'traceql';
  formHref: string;
  traceqlHref: string;
}) {
  const tab = (which: typeof mode, href: string, label: string) => (
    <a
      href={href}
      class={mode === which ? 'active' : undefined}
      aria-current={mode === which ? 'page' : undefined}
    >
      {label}
    </a>
  );
  return (
    <nav class="logs-modes search-modes" aria-label="query mode">
      {tab('form', formHref, 'Search form')}
      {tab('traceql', traceqlHref, 'TraceQL')}
    </nav>
  );
}
