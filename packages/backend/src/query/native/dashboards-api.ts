import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { sendJson } from '../../send-json.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
import type { DashboardFolder } from './dashboards.js';

/**
 * GET /api/dashboards: the dashboards (uid, title, panel count, file, any error) and the folder's
 * name (not its path: that would tell any reader where the backend runs);
 * GET /api/dashboards/{uid}: one dashboard's Grafana JSON, as the file holds it.
 */
export function createDashboardsHandler(folder: DashboardFolder) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = /^\/api\/dashboards(?:\/([^/]+))?$/.exec(path);
    if (!match) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
      return true;
    }
    if (match[1] === undefined) {
      sendJson(response, 200, { dir: basename(folder.dir), dashboards: folder.list() });
      return true;
    }
    let uid: string;
    try {
      uid = decodeURIComponent(match[1]);
    } catch {
      sendJson(response, 400, {
        error: `invalid percent-encoding in the dashboard uid ${match[1]}`,
      });
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
