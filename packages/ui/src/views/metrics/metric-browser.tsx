import { useState } from 'preact/hooks';
import { useFetch } from '../../api/use-fetch.js';
import { fetchMetricInfos } from './prom-api.js';

/** Every metric with its type and help; a click puts its name in the editor. */
export function MetricBrowser({ onPick }: { onPick: (name: string) => void }) {
  const metrics = useFetch('metrics', fetchMetricInfos);
  const [filter, setFilter] = useState('');
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
            {m.help && <div class="metric-help">{m.help}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}
