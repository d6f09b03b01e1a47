/** What a verification found: six checks, each a list of evidence lines. */
import type { Pending } from './pending.js';

/** `skip`: not checked, with the reason as its text; it does not fail the run. */
export type Status = 'pass' | 'fail' | 'skip';

export interface Evidence {
  status: Status;
  text: string;
  /** The failure is missing data that `npm run traffic` would bring. */
  needsTraffic?: boolean;
  /** The failure is data not there yet: what it waits for, and how long that takes. */
  pending?: Pending;
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
/** A failure; with `pending`, one that data arriving later would turn into a pass. */
export const fail = (text: string, pending?: Pending): Evidence =>
  pending
    ? { status: 'fail', text, ...(pending.traffic ? { needsTraffic: true } : {}), pending }
    : { status: 'fail', text };
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

/** A failing check whose every failure is data not there yet: checking again may pass it. */
export const isPending = (check: CheckResult) =>
  check.status === 'fail' &&
  check.evidence.every((e) => e.status !== 'fail' || e.pending !== undefined);

/** What the failing lines of a check wait for, each once. */
export const pendingOf = (check: CheckResult): Pending[] => [
  ...new Set(check.evidence.flatMap((e) => (e.status === 'fail' && e.pending ? [e.pending] : []))),
];
