import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../send-json.js';
import type { DashboardFolder } from './dashboards.js';

/**
 * GET /api/dashboards: the dashboards (uid, title, panel count, file, any error);
 * GET /api/dashboards/{uid}: one dashboard's Grafana JSON, as the file holds it.
 */
export function createDashboardsHandler(folder: DashboardFolder) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = /^\/api\/dashboards(?:\/([^/]+))?$/.exec(path);
    if (!match) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: `${request.method} is not allowed on ${path}` });
      return true;
    }
    const uid = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (uid === undefined) {
      sendJson(response, 200, { dir: folder.dir, dashboards: folder.list() });
      return true;
    }
    const found = folder.get(uid);
    if (!found) sendJson(response, 404, { error: `no dashboard with uid ${JSON.stringify(uid)}` });
    else if (found.entry.error) {
      sendJson(response, 422, { error: `${found.entry.file}: ${found.entry.error}` });
    } else sendJson(response, 200, found.json);
    return true;
  };
}
