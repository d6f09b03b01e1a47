import { useFetch } from '../../api/use-fetch.js';
import { dashboardPath } from '../../model/routes.js';
import { fetchDashboards } from './dashboard-api.js';
import { DashboardView } from './dashboard-view.js';
import './dashboards.css';

/** /dashboards lists the files; /dashboards/{uid} shows one. Loaded on demand (dynamic import). */
export default function DashboardsPage({ uid, search }: { uid?: string; search: string }) {
  return uid ? <DashboardView uid={uid} search={search} /> : <DashboardList />;
}

function DashboardList() {
  const state = useFetch('list', fetchDashboards);
  if (state.status === 'loading' || state.status === 'idle')
    return <p class="notice">Loading dashboards…</p>;
  if (state.status === 'error') return <p class="notice error">{state.message}</p>;
  const { dir, dashboards } = state.data;
  return (
    <section class="dashboard-list">
      <h1>Dashboards</h1>
      <p class="muted">
        Grafana dashboard files from <code>{dir}</code>; the real stack's Grafana provisions the
        same files.
      </p>
      {dashboards.length === 0 ? (
        <p class="notice">No dashboard files there.</p>
      ) : (
        <table class="results">
          <thead>
            <tr>
              <th>Title</th>
              <th>File</th>
              <th>Panels</th>
            </tr>
          </thead>
          <tbody>
            {dashboards.map((entry) => (
              <tr key={entry.file}>
                <td>
                  {entry.uid && !entry.error ? (
                    <a href={dashboardPath(entry.uid)}>{entry.title || entry.uid}</a>
                  ) : (
                    <span>{entry.title || entry.file}</span>
                  )}
                  {entry.error && <div class="error">{entry.error}</div>}
                </td>
                <td>
                  <code>{entry.file}</code>
                </td>
                <td>{entry.panels ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
