import { useState } from 'preact/hooks';
import { useFetch } from '../../api/use-fetch.js';
import { fetchMetricInfos, fetchMetricLabels } from './prom-api.js';

/** A metric's label names, fetched when it is opened. */
function MetricLabels({ metric }: { metric: string }) {
  const labels = useFetch(`labels:${metric}`, (signal) => fetchMetricLabels(metric, signal));
  if (labels.status === 'error') return <div class="metric-labels error">{labels.message}</div>;
  if (labels.status !== 'done') return <div class="metric-labels muted">labels…</div>;
  return (
    <div class="metric-labels">
      labels: {labels.data.length === 0 ? 'none' : labels.data.join(', ')}
    </div>
  );
}

/** Every metric with its type and help, and its label names on request; a click on a name puts
 * it in the editor. */
export function MetricBrowser({ onPick }: { onPick: (name: string) => void }) {
  const metrics = useFetch('metrics', fetchMetricInfos);
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<string | undefined>(undefined);
  if (metrics.status === 'loading' || metrics.status === 'idle') {
    return <p class="notice">Loading metric names…</p>;
  }
  if (metrics.status === 'error') return <p class="error">{metrics.message}</p>;
  if (metrics.data.length === 0) {
    return (
      <p class="notice">
        No metrics yet: start the services (<code>npm start</code>) and wait for a scrape.
      </p>
    );
  }
  const needle = filter.toLowerCase();
  const shown = metrics.data.filter(
    (m) => m.name.toLowerCase().includes(needle) || m.help.toLowerCase().includes(needle),
  );
  return (
    <div class="metric-browser">
      <input
        type="search"
        placeholder={`Filter ${metrics.data.length} metrics`}
        aria-label="filter metrics"
        value={filter}
        onInput={(event) => setFilter(event.currentTarget.value)}
      />
      <ul>
        {shown.map((m) => (
          <li key={m.name}>
            <button type="button" onClick={() => onPick(m.name)}>
              <span class="metric-name">{m.name}</span>
              {m.type && <span class="metric-type">{m.type}</span>}
            </button>
            <button
              type="button"
              class="metric-more"
              aria-expanded={open === m.name}
              aria-label={`labels of ${m.name}`}
              onClick={() => setOpen(open === m.name ? undefined : m.name)}
            >
              {open === m.name ? '▾ labels' : '▸ labels'}
            </button>
            {m.help && <div class="metric-help">{m.help}</div>}
            {open === m.name && <MetricLabels metric={m.name} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
