import { parseRoute, tracePath } from './model/routes.js';
import { navigate, onLinkClick, useLocation } from './router.js';
import { useTheme } from './theme.js';
import { MetricsPage } from './views/metrics/metrics-page.js';
import { PlaceholderPage } from './views/placeholder-page.js';
import { SearchPage } from './views/search-page.js';
import { TracePage } from './views/trace-page.js';

const NAV = [
  ['/search', 'Traces'],
  ['/metrics', 'Metrics'],
  ['/logs', 'Logs'],
  ['/dashboards', 'Dashboards'],
  ['/map', 'Service map'],
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
        {route.page === 'not-found' && (
          <p class="notice">
            Nothing at {route.path}. <a href="/search">Search traces</a>.
          </p>
        )}
        {route.page === 'metrics' && <MetricsPage search={location.search} />}
        {route.page !== 'search' &&
          route.page !== 'trace' &&
          route.page !== 'not-found' &&
          route.page !== 'metrics' && <PlaceholderPage page={route.page} />}
      </main>
    </div>
  );
}
