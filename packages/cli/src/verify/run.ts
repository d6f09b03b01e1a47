/** Runs the five checks against the sources; check 5 looks up the trace check 2 found. */

import type { CheckContext } from './checks/context.js';
import { checkDashboard, type DashboardFile } from './checks/dashboard.js';
import { checkLogs } from './checks/logs.js';
import { checkMetrics } from './checks/metrics.js';
import { checkServices } from './checks/services.js';
import { checkTraces } from './checks/traces.js';
import type { GetJson } from './http.js';
import type { VerifyOptions } from './options.js';
import { reportOf, type VerifyReport } from './report.js';
import { sourcesOf } from './sources.js';

export async function runVerify(
  options: VerifyOptions,
  dashboard: DashboardFile,
  get: GetJson,
  now: () => number = Date.now,
): Promise<VerifyReport> {
  const sources = sourcesOf(options, get);
  const context: CheckContext = { get, sources, nowMs: now() };
  const [services, traces, metrics, panels] = await Promise.all([
    checkServices(context),
    checkTraces(context),
    checkMetrics(context),
    checkDashboard(context, dashboard),
  ]);
  const logs = await checkLogs(context, traces.trace);
  return reportOf(sources.description, [services, traces.result, metrics, panels, logs]);
}
