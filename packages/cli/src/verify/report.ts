/** The verification's outcome as text (the checklist) and as JSON: the same facts. */
import { waitAdvice } from './pending.js';
import { type CheckResult, exitCodeOf, isPending, needsTraffic, type Status } from './result.js';

export interface VerifyReport {
  /** Where the lab was looked at. */
  target: string;
  checks: CheckResult[];
  exitCode: number;
  /** Some failure is missing data that traffic would bring. */
  needsTraffic: boolean;
  /** With --wait: how long verify waited for data. */
  waitedMs?: number;
}

export const reportOf = (
  target: string,
  checks: CheckResult[],
  waitedMs?: number,
): VerifyReport => ({
  target,
  checks,
  exitCode: exitCodeOf(checks),
  needsTraffic: needsTraffic(checks),
  ...(waitedMs === undefined ? {} : { waitedMs }),
});

const MARK: Record<Status, string> = { pass: '✓', fail: '✗', skip: '–' };

export const TRAFFIC_ADVICE =
  'No data yet? Start the lab (npm start), run npm run traffic, and verify while it runs or within 5 minutes of it: rates need two scrapes (15 s apart) and span metrics two flushes (15 s apart) with requests between them.';

export const WAIT_ADVICE = 'Or let verify wait for the data it lacks: npm run verify -- --wait 60s';

function verdict(report: VerifyReport): string {
  const count = (status: Status) => report.checks.filter((check) => check.status === status).length;
  const parts = [`${count('pass')} of ${report.checks.length} checks passed`];
  if (count('fail') > 0) parts.push(`${count('fail')} failed`);
  if (count('skip') > 0) parts.push(`${count('skip')} not checked`);
  const waited =
    report.waitedMs === undefined ? '' : `, after waiting ${Math.round(report.waitedMs / 1000)} s`;
  return `Result: ${parts.join(', ')} (exit ${report.exitCode})${waited}`;
}

export function formatReport(report: VerifyReport): string {
  const lines = [`Lab deliverables at ${report.target}`, ''];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.id}. ${check.title}`);
    for (const evidence of check.evidence) {
      // Only a failure waits: a pending on a pass or skip would be stale.
      const wait =
        evidence.status === 'fail' && evidence.pending ? `; ${waitAdvice(evidence.pending)}` : '';
      lines.push(`    ${MARK[evidence.status]} ${evidence.text}${wait}`);
    }
  }
  lines.push('', verdict(report));
  if (report.needsTraffic) lines.push(TRAFFIC_ADVICE);
  if (report.waitedMs === undefined && report.checks.some(isPending)) lines.push(WAIT_ADVICE);
  return lines.join('\n');
}

/** The same report for programs: statuses as words, evidence as it was printed. */
export const reportJson = (report: VerifyReport) =>
  JSON.stringify({ ...report, passed: report.exitCode === 0 });
