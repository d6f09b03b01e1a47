import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../../api/client.js';
import { useFetch } from '../../api/use-fetch.js';
import { dashboardPath } from '../../model/routes.js';
import {
  barLevel,
  formatAgo,
  formatBytes,
  formatPercent,
  formatSpan,
  shareOf,
} from '../../model/status/status-format.js';
import { type TargetsAnswer, TargetsTable } from './targets-table.js';
import './status.css';

interface StatusAnswer {
  startedAt: string;
  stored: Record<string, number>;
  disk: { fileBytes: number; usedBytes: number; maxBytes: number };
  memory?: { databaseBytes: number; databaseLimitBytes: number; processRssBytes: number };
  retention: {
    maxAgeMs: number;
    lastRunAt?: string;
    deleted: Record<string, number>;
    lastEviction?: { at: string; reason: string };
  };
  ingest: {
    queuedBatches: number;
    maxBodyBytes: number;
    memoryBudgetBytes?: number;
    memoryHeldBytes?: number;
    refusedRequests?: number;
    maxSeries?: number;
    refusedSamples?: number;
  };
}

const REFRESH_MS = 5000;

/** dashboards/otel-lab-backend.json, drawn from the backend's own /metrics. */
const BACKEND_DASHBOARD_UID = 'otel-lab-backend';

/** /status: what is stored against the limits, retention, ingest, and the scrape targets. */
export function StatusPage() {
  // A refresh every 5 s: the key changes, useFetch loads again.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const status = useLatest(
    useFetch(`status-${tick}`, (signal) => getJson<StatusAnswer>('/api/status', signal)),
  );
  const targets = useLatest(
    useFetch(`targets-${tick}`, (signal) => getJson<TargetsAnswer>('/api/v1/targets', signal)),
  );
  const now = Date.now();
  return (
    <div class="status-page">
      <section>
        <h2>Storage</h2>
        {status.error && <p class="error">{status.error}</p>}
        {status.data && <Storage status={status.data} now={now} />}
      </section>
      <section>
        <h2>Over time</h2>
        <p class="status-over-time">
          The <a href={dashboardPath(BACKEND_DASHBOARD_UID)}>otel-lab backend</a> dashboard draws
          what the backend ingests and refuses, its query latency by endpoint, storage and memory,
          from its own{' '}
          <a href="/metrics" target="_blank" rel="noreferrer">
            /metrics
          </a>{' '}
          (scraped as job otel-lab).
        </p>
      </section>
      <section>
        <h2>Scrape targets</h2>
        {targets.error && <p class="error">{targets.error}</p>}
        {targets.data && <TargetsTable answer={targets.data} now={now} />}
      </section>
    </div>
  );
}

/** The last answer kept while the next loads, so a refresh does not blank the page. */
function useLatest<T>(state: ReturnType<typeof useFetch<T>>): { data?: T; error?: string } {
  const [latest, setLatest] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    if (state.status === 'done') setLatest({ data: state.data });
    if (state.status === 'error') setLatest((l) => ({ data: l.data, error: state.message }));
  }, [state]);
  return latest;
}

function Storage({ status, now }: { status: StatusAnswer; now: number }) {
  const { disk, retention, ingest } = status;
  const diskShare = shareOf(disk.usedBytes, disk.maxBytes);
  const deleted = Object.entries(retention.deleted ?? {}).filter(([, n]) => n > 0);
  return (
    <div class="status-grid">
      <div class="status-card">
        <h3>Stored</h3>
        <table class="kv status-counts">
          <tbody>
            {Object.entries(status.stored).map(([name, count]) => (
              <tr key={name}>
                <th>{name}</th>
                <td>{count.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="status-card">
        <h3>Disk</h3>
        <Bar
          label="in use"
          share={diskShare}
          text={`${formatBytes(disk.usedBytes)} of ${formatBytes(disk.maxBytes)} (${formatPercent(diskShare)})`}
        />
        <p class="muted">
          Database file {formatBytes(disk.fileBytes)}. Over the limit, the oldest telemetry goes
          until it is under 80 %.
        </p>
        {ingest.maxSeries !== undefined && (
          <div>
            Series limit {ingest.maxSeries.toLocaleString('en')}
            {status.stored.series !== undefined && (
              <Bar
                label="series"
                share={shareOf(status.stored.series, ingest.maxSeries)}
                text={`${status.stored.series.toLocaleString('en')} of ${ingest.maxSeries.toLocaleString('en')}`}
              />
            )}
            {ingest.refusedSamples ? (
              <span class="error"> · {ingest.refusedSamples} samples refused</span>
            ) : null}
          </div>
        )}
      </div>
      <div class="status-card">
        <h3>Retention</h3>
        <table class="kv">
          <tbody>
            <tr>
              <th>keeps</th>
              <td>{formatSpan(retention.maxAgeMs)}</td>
            </tr>
            <tr>
              <th>last pass</th>
              <td>{formatAgo(retention.lastRunAt, now)}</td>
            </tr>
            <tr>
              <th>deleted since start</th>
              <td>
                {deleted.length === 0
                  ? 'nothing'
                  : deleted.map(([table, n]) => `${table} ${n.toLocaleString('en')}`).join(', ')}
              </td>
            </tr>
            {retention.lastEviction && (
              <tr>
                <th>last eviction</th>
                <td>
                  {formatAgo(retention.lastEviction.at, now)}: {retention.lastEviction.reason}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {status.memory && (
        <div class="status-card">
          <h3>Memory</h3>
          <Bar
            label="database"
            share={shareOf(status.memory.databaseBytes, status.memory.databaseLimitBytes)}
            text={`${formatBytes(status.memory.databaseBytes)} of ${formatBytes(status.memory.databaseLimitBytes)}`}
          />
          <p class="muted">
            The backend process holds {formatBytes(status.memory.processRssBytes)} in all. The
            database's share is set with --db-memory; past it, DuckDB evicts its cache.
          </p>
        </div>
      )}
      <div class="status-card">
        <h3>Ingest</h3>
        <table class="kv">
          <tbody>
            <tr>
              <th>queued batches</th>
              <td>{ingest.queuedBatches}</td>
            </tr>
            <tr>
              <th>max request body</th>
              <td>{formatBytes(ingest.maxBodyBytes)}</td>
            </tr>
            {ingest.memoryBudgetBytes !== undefined && (
              <tr>
                <th>requests in flight</th>
                <td>
                  {formatBytes(ingest.memoryHeldBytes ?? 0)} of{' '}
                  {formatBytes(ingest.memoryBudgetBytes)}
                  {ingest.refusedRequests ? (
                    <span class="error"> · {ingest.refusedRequests} refused (503)</span>
                  ) : null}
                </td>
              </tr>
            )}
            <tr>
              <th>running since</th>
              <td>{formatAgo(status.startedAt, now).replace(/ ago$/, '')}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A bar drawn in SVG (the CSP allows no inline styles), its text beside it. */
function Bar(props: { label: string; share: number; text: string }) {
  return (
    <div class="status-bar">
      <svg
        width="100%"
        height="12"
        viewBox="0 0 100 12"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        <rect class="bar-track" x="0" y="0" width="100" height="12" />
        <rect
          class={`bar-fill ${barLevel(props.share)}`}
          x="0"
          y="0"
          width={props.share * 100}
          height="12"
        />
      </svg>
      <span>
        {props.label}: {props.text}
      </span>
    </div>
  );
}
