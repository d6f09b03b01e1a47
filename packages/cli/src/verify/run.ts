/** Runs the six checks against the sources; checks 5 and 6 look up the trace check 2 found. */

import type { CheckContext } from './checks/context.js';
import { checkDashboard, type DashboardFile } from './checks/dashboard.js';
import { checkLogs } from './checks/logs.js';
import { checkMetrics } from './checks/metrics.js';
import { checkServices } from './checks/services.js';
import { checkTraceql } from './checks/traceql.js';
import { checkTraces, type TracesOutcome } from './checks/traces.js';
import type { GetJson } from './http.js';
import type { VerifyOptions } from './options.js';
import { reportOf, type VerifyReport } from './report.js';
import { type CheckResult, isPending, pendingOf } from './result.js';
import { sourcesOf } from './sources.js';

/** One pass over the checks: their results, and the order trace checks 5 and 6 used. */
export interface Round {
  checks: CheckResult[];
  traces: TracesOutcome;
  target: string;
}

/**
 * Runs the checks, or with `previous` only those of its checks that waited for data (and checks 5
 * and 6 when check 2 found another trace); the rest keep their results.
 */
export async function runRound(
  options: VerifyOptions,
  dashboard: DashboardFile,
  get: GetJson,
  nowMs: number,
  previous?: Round,
): Promise<Round> {
  const sources = sourcesOf(options, get);
  const context: CheckContext = { get, sources, nowMs };
  const kept = (id: number) => {
    const check = previous?.checks[id - 1];
    return check && !isPending(check) ? check : undefined;
  };
  const [services, traces, metrics, panels] = await Promise.all([
    kept(1) ?? checkServices(context),
    previous && kept(2) ? previous.traces : checkTraces(context),
    kept(3) ?? checkMetrics(context),
    kept(4) ?? checkDashboard(context, dashboard),
  ]);
  const sameTrace = traces.trace?.traceId === previous?.traces.trace?.traceId;
  const tracePending = pendingOf(traces.result)[0];
  const [logs, traceql] = await Promise.all([
    (sameTrace ? kept(5) : undefined) ?? checkLogs(context, traces.trace, tracePending),
    (sameTrace ? kept(6) : undefined) ?? checkTraceql(context, traces.trace, tracePending),
  ]);
  return {
    checks: [services, traces.result, metrics, panels, logs, traceql],
    traces,
    target: sources.description,
  };
}

export async function runVerify(
  options: VerifyOptions,
  dashboard: DashboardFile,
  get: GetJson,
  now: () => number = Date.now,
): Promise<VerifyReport> {
  const round = await runRound(options, dashboard, get, now());
  return reportOf(round.target, round.checks);
}
