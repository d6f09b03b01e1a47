import { useEffect, useState } from 'preact/hooks';
import { legacyGraphPath } from './model/metrics/legacy-graph.js';
import { parseRoute, tracePath } from './model/routes.js';
import { navigate, onLinkClick, useLocation } from './router.js';
import { useTheme } from './theme.js';
import { AlertsRoute } from './views/alerts/alerts-route.js';
import { FiringBadge } from './views/alerts/firing-badge.js';
import { LogsPage } from './views/logs/logs-page.js';
import { MetricsPage } from './views/metrics/metrics-page.js';
import { SearchPage } from './views/search-page.js';
import { ServiceMapPage } from './views/service-map/service-map-page.js';
import { StatusPage } from './views/status/status-page.js';
import { TracePage } from './views/trace-page.js';

const NAV = [
  ['/search', 'Traces'],
  ['/query', 'Metrics'],
  ['/logs', 'Logs'],
  ['/dashboards', 'Dashboards'],
  ['/map', 'Service map'],
  ['/alerts', 'Alerts'],
  ['/status', 'Status'],
] as const;

export function App() {
  const location = useLocation();
  const [theme, toggleTheme] = useTheme();
  const route = parseRoute(location.pathname);
  const active = route.page === 'trace' ? '/search' : `/${route.page}`;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates clicks on the links inside
    // biome-ignore lint/a11y/useKeyWithClickEvents: links keep their own keyboard behaviour
    <div class="shell" onClick={onLinkClick}>
      <header class="topbar">
        <a class="brand" href="/search">
          otel-lab
        </a>
        <nav>
          {NAV.map(([href, label]) => (
            <a key={href} href={href} class={active === href ? 'active' : undefined}>
              {label}
              {href === '/alerts' && <FiringBadge />}
            </a>
          ))}
        </nav>
        <form
          class="trace-lookup"
          onSubmit={(event) => {
            event.preventDefault();
            const input = event.currentTarget.elements.namedItem('traceId') as HTMLInputElement;
            const id = input.value.trim();
            if (id) navigate(tracePath(id));
            input.value = '';
          }}
        >
          <input
            name="traceId"
            placeholder="Look up a trace id"
            aria-label="trace id"
            spellcheck={false}
          />
        </form>
        <button
          type="button"
          class="theme-toggle"
          onClick={toggleTheme}
          title={`switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ light' : '☾ dark'}
        </button>
      </header>
      <main>
        {route.page === 'search' && <SearchPage search={location.search} />}
        {route.page === 'trace' && <TracePage traceId={route.traceId} search={location.search} />}
        {route.page === 'dashboards' && <LazyDashboards uid={route.uid} search={location.search} />}
        {route.page === 'not-found' && (
          <p class="notice">
            Nothing at {route.path}. <a href="/search">Search traces</a>.
          </p>
        )}
        {route.page === 'logs' && <LogsPage search={location.search} />}
        {route.page === 'map' && <ServiceMapPage search={location.search} />}
        {route.page === 'status' && <StatusPage />}
        {route.page === 'query' && <MetricsPage search={location.search} />}
        {route.page === 'alerts' && <AlertsRoute search={location.search} />}
        {route.page === 'graph' && <LegacyGraph search={location.search} />}
      </main>
    </div>
  );
}

/** Prometheus's /graph links (every alert's generatorURL) open the explorer, in place of /graph. */
function LegacyGraph({ search }: { search: string }) {
  useEffect(() => navigate(legacyGraphPath(search), { replace: true }), [search]);
  return null;
}

type DashboardsModule = typeof import('./views/dashboards/dashboards-page.js');

/** The dashboards view (uPlot and all) loads on first visit, keeping the first page's JS small. */
function LazyDashboards(props: { uid?: string; search: string }) {
  const [module, setModule] = useState<DashboardsModule | string | null>(null);
  useEffect(() => {
    import('./views/dashboards/dashboards-page.js').then(setModule, (error: Error) =>
      setModule(`cannot load the dashboards view: ${error.message}`),
    );
  }, []);
  if (typeof module === 'string') return <p class="notice error">{module}</p>;
  if (!module) return <p class="notice">Loading…</p>;
  const Page = module.default;
  return <Page {...props} />;
}
