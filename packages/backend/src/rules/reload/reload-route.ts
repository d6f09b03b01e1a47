/**
 * POST and PUT /-/reload, as Prometheus's lifecycle API answers them: 200 with no body when the
 * rules reloaded, 500 "failed to reload config: …" when a file has errors (the old rules keep
 * running), 405 "Only POST or PUT requests allowed" to a GET. A reload changes what the backend
 * runs, and any web page may POST to a port it can reach: a request whose Origin is another
 * site's is refused (403), and so is a body of any type (415; the reload takes none).
 */
import type { ServerResponse } from 'node:http';
import type { HostPolicy } from '../../serve/host-policy.js';
import type { QueryRouter } from '../../serve/query-router.js';
import { refusedWrite } from '../../serve/write-guard.js';
import type { ReloadOutcome } from './rule-reloader.js';

/** Go's http.Error: the message as plain text, then a newline. */
function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  response.end(text);
}

export function registerReloadRoute(
  router: QueryRouter,
  reload: () => Promise<ReloadOutcome>,
  hosts: HostPolicy,
): void {
  router.api('native').on(['POST', 'PUT', 'GET'], '/-/reload', async (request, response) => {
    request.resume();
    if (request.method === 'GET') {
      sendText(response, 405, 'Only POST or PUT requests allowed');
      return;
    }
    // No content type: curl -X POST and Prometheus's own clients send no body.
    const refusal = refusedWrite(request, [''], hosts);
    if (refusal) {
      const message =
        refusal.status === 415
          ? 'a reload takes no body: send POST /-/reload without one (curl -X POST URL)'
          : refusal.message;
      sendText(response, refusal.status, `${message}\n`);
      return;
    }
    const outcome = await reload();
    if (outcome.ok) sendText(response, 200, '');
    else sendText(response, 500, `failed to reload config: ${outcome.errors.join('\n')}\n`);
  });
}
