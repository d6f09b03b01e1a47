/** What a verification found: five checks, each a list of evidence lines. */

/** `skip`: not checked, with the reason as its text; it does not fail the run. */
export type Status = 'pass' | 'fail' | 'skip';

export interface Evidence {
  status: Status;
  text: string;
  /** The failure is missing data that `npm run traffic` would bring. */
  needsTraffic?: boolean;
}

export interface CheckResult {
  id: number;
  title: string;
  status: Status;
  evidence: Evidence[];
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const pass = (text: string): Evidence => ({ status: 'pass', text });
export const fail = (text: string, needsTraffic = false): Evidence =>
  needsTraffic ? { status: 'fail', text, needsTraffic } : { status: 'fail', text };
export const skip = (text: string): Evidence => ({ status: 'skip', text });

/** A check fails with any failing line, is skipped when every line is, and passes otherwise. */
export function checkOf(id: number, title: string, evidence: Evidence[]): CheckResult {
  const status: Status = evidence.some((e) => e.status === 'fail')
    ? 'fail'
    : evidence.every((e) => e.status === 'skip')
      ? 'skip'
      : 'pass';
  return { id, title, status, evidence };
}

export const exitCodeOf = (checks: readonly CheckResult[]) =>
  checks.some((check) => check.status === 'fail') ? EXIT_FAILED : EXIT_OK;

export const needsTraffic = (checks: readonly CheckResult[]) =>
  checks.some((check) => check.evidence.some((e) => e.needsTraffic === true));
