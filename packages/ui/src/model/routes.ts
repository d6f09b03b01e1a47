/** The UI's pages by path. Jaeger UI's paths (/search, /trace/{id}) mean the same here. */
export type Route =
  | { page: 'search' }
  | { page: 'trace'; traceId: string }
  | { page: 'dashboards'; uid?: string }
  | { page: 'query' | 'logs' | 'map' | 'status' | 'alerts' }
  /** Prometheus's /graph?g0.expr=…, which alerts link to: the app moves it to /query. */
  | { page: 'graph' }
  | { page: 'not-found'; path: string };

/** The PromQL explorer is /query, as Prometheus 3 has it: /metrics is the backend's own metrics. */
const SIMPLE = ['query', 'logs', 'dashboards', 'map', 'status', 'alerts', 'graph'] as const;

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/search') return { page: 'search' };
  const trace = /^\/trace\/([^/]+)$/.exec(path);
  if (trace) return { page: 'trace', traceId: decodeURIComponent(trace[1] as string) };
  const dashboard = /^\/dashboards\/([^/]+)$/.exec(path);
  if (dashboard) return { page: 'dashboards', uid: decodeURIComponent(dashboard[1] as string) };
  const name = path.slice(1);
  const simple = SIMPLE.find((page) => page === name);
  return simple ? { page: simple } : { page: 'not-found', path };
}

export const tracePath = (traceId: string) => `/trace/${encodeURIComponent(traceId)}`;

export const dashboardPath = (uid: string) => `/dashboards/${encodeURIComponent(uid)}`;
