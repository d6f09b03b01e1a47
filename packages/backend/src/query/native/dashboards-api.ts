import { basename } from 'node:path';
import { sendJson } from '../../send-json.js';
import { type QueryRouter, routeHandlerOf } from '../../serve/query-router.js';
import type { DashboardFolder } from './dashboards.js';

/**
 * GET /api/dashboards: the dashboards (uid, title, panel count, file, any error) and the folder's
 * name (not its path: that would tell any reader where the backend runs);
 * GET /api/dashboards/{uid}: one dashboard's Grafana JSON, as the file holds it.
 */
export function registerDashboardsApi(router: QueryRouter, folder: DashboardFolder): void {
  const api = router.api('native');
  api.on(['GET', 'HEAD'], '/api/dashboards', (_request, response) => {
    sendJson(response, 200, { dir: basename(folder.dir), dashboards: folder.list() });
  });
  api.on(['GET', 'HEAD'], '/api/dashboards/:uid', (_request, response, params) => {
    const raw = params.uid ?? '';
    let uid: string;
    try {
      uid = decodeURIComponent(raw);
    } catch {
      sendJson(response, 400, { error: `invalid percent-encoding in the dashboard uid ${raw}` });
      return;
    }
    const found = folder.get(uid);
    if (!found) sendJson(response, 404, { error: `no dashboard with uid ${JSON.stringify(uid)}` });
    else if (found.entry.error) {
      sendJson(response, 422, { error: `${found.entry.file}: ${found.entry.error}` });
    } else sendJson(response, 200, found.json);
  });
}

/** The dashboards API alone, resolving false for other paths (tests serve it so). */
export function createDashboardsHandler(folder: DashboardFolder) {
  return routeHandlerOf((router) => registerDashboardsApi(router, folder));
}
