/** Check 5: a log record of the order trace carries its trace id. */
import type { LogSource } from '../log-sources.js';
import { PENDING, type Pending } from '../pending.js';
import { type CheckResult, checkOf, type Evidence, fail, pass, skip } from '../result.js';
import type { TraceShape } from '../trace-tree.js';
import type { CheckContext } from './context.js';

const title = 'Logs correlated with the trace';
/** Log records are written around the trace's spans; a minute either side covers clock skew. */
const MARGIN_MS = 60_000;

/** `tracePending`: why check 2 found no trace, when that is data not there yet. */
export async function checkLogs(
  context: CheckContext,
  trace?: TraceShape,
  tracePending?: Pending,
): Promise<CheckResult> {
  const sources = context.sources.logs;
  if ('unavailable' in sources)
    return checkOf(5, title, [skip(`not checked: ${sources.unavailable}`)]);
  if (!trace) {
    return checkOf(5, title, [fail('no order trace to look up (see 2)', tracePending)]);
  }
  return checkOf(5, title, await Promise.all(sources.map((source) => logsIn(source, trace))));
}

/** One source's evidence: the records of the trace it holds, or what is wrong. */
async function logsIn(source: LogSource, trace: TraceShape): Promise<Evidence> {
  const startMs = trace.startUs / 1000;
  const found = await source.logsOfTrace(
    trace.traceId,
    startMs - MARGIN_MS,
    startMs + trace.durationUs / 1000 + MARGIN_MS,
  );
  if ('error' in found) return fail(`logs of trace ${trace.traceId}: ${found.error}`);
  const own = found.records.filter(
    (record) => record.traceId.toLowerCase() === trace.traceId.toLowerCase(),
  );
  if (own.length === 0) {
    return fail(
      `${source.name}: no log record with trace id ${trace.traceId} (${found.records.length} answered); logs may still be on their way`,
      PENDING.logs,
    );
  }
  const shown = own
    .slice(0, 3)
    .map((record) => `${record.service} "${record.body.slice(0, 40)}"`)
    .join(', ');
  return pass(
    `${own.length} log records with trace id ${trace.traceId} in ${source.name}: ${shown}`,
  );
}
