/** With --grafana: Grafana answers and, given its login, has the dashboard provisioned. */
import { displayUrl, joinUrl } from '../http.js';
import { type Evidence, fail, pass, skip } from '../result.js';
import type { CheckContext } from './context.js';

export async function grafanaEvidence(
  context: CheckContext,
  grafana: string,
  dashboard: { uid?: string },
): Promise<Evidence[]> {
  const health = await context.get(joinUrl(grafana, '/api/health'));
  if ('error' in health) return [fail(`Grafana: ${health.error}`)];
  const body = health.body as { database?: string; version?: string } | undefined;
  if (health.status !== 200) {
    return [fail(`Grafana ${displayUrl(grafana)}/api/health answered ${health.status}`)];
  }
  const evidence = [
    pass(
      `Grafana ${body?.version ?? ''} at ${displayUrl(grafana)}: database ${body?.database ?? '?'}`,
    ),
  ];
  const login = new URL(grafana);
  if (!login.username && !login.password) {
    evidence.push(
      skip(
        'Grafana dashboard: not checked, it needs a login (--grafana http://admin:PASSWORD@localhost:3000)',
      ),
    );
    return evidence;
  }
  if (!dashboard.uid)
    return [...evidence, skip('Grafana dashboard: the file has no uid to look up')];
  const answer = await context.get(
    joinUrl(grafana, `/api/dashboards/uid/${encodeURIComponent(dashboard.uid)}`),
  );
  if ('error' in answer) return [...evidence, fail(`Grafana dashboard: ${answer.error}`)];
  if (answer.status === 401 || answer.status === 403) {
    return [...evidence, fail(`Grafana dashboard: the login was refused (${answer.status})`)];
  }
  if (answer.status !== 200) {
    return [
      ...evidence,
      fail(
        `Grafana dashboard: uid ${dashboard.uid} is not there (${answer.status}); is the provisioning mounted?`,
      ),
    ];
  }
  const found = (answer.body as { dashboard?: { title?: string; panels?: unknown[] } }).dashboard;
  return [
    ...evidence,
    pass(`Grafana has dashboard ${dashboard.uid} "${found?.title ?? '?'}" provisioned`),
  ];
}
