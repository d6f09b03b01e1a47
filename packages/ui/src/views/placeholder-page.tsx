const WHAT = {
  metrics: 'the PromQL explorer (meanwhile: /api/v1/query on this port)',
  logs: 'log search and live tail (meanwhile: /api/logs on this port)',
  dashboards: 'the lab dashboard, dashboards/demo-app.json',
  map: 'the service map from spans (meanwhile: /api/dependencies)',
  status: 'ingest, storage and scrape targets (meanwhile: /api/status and /api/v1/targets)',
} as const;

/** Views of the UI still to come, so their paths already answer. */
export function PlaceholderPage({ page }: { page: keyof typeof WHAT }) {
  return <p class="notice">Coming: {WHAT[page]}.</p>;
}
