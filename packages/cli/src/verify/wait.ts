/**
 * `--wait`: checks again, every few seconds until the time is up, the checks that failed only for
 * data not there yet, saying what they wait for. Failures that waiting cannot mend (a URL that
 * cannot be reached, a broken trace) end the wait at once.
 */
import { type Clock, realClock } from '../traffic/clock.js';
import type { Pending } from './pending.js';
import { type CheckResult, isPending, pendingOf } from './result.js';
import type { Round } from './run.js';

/** Often enough to finish soon after data lands; data comes every 15 s at most. */
export const POLL_MS = 5_000;

export interface Waited {
  round: Round;
  waitedMs: number;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

const whatOf = (pending: Pending[]) => pending.map((p) => p.what).join(' and ');

/** "2. Traces with multiple spans: spans (…); 3. …": each waiting check and what it waits for. */
export const describeWaiting = (checks: CheckResult[]) =>
  checks.map((check) => `${check.id}. ${check.title}: ${whatOf(pendingOf(check))}`).join('; ');

export async function verifyWaiting(
  round: (previous?: Round) => Promise<Round>,
  waitMs: number,
  log: (line: string) => void,
  clock: Clock = realClock,
  pollMs = POLL_MS,
): Promise<Waited> {
  const start = clock.now();
  const deadline = start + waitMs;
  let current = await round();
  let said = '';
  for (;;) {
    const waiting = current.checks.filter(isPending);
    const left = deadline - clock.now();
    if (waiting.length === 0) return { round: current, waitedMs: clock.now() - start };
    const what = describeWaiting(waiting);
    if (left <= 0) {
      log(`verify: waited ${seconds(clock.now() - start)}, still without data: ${what}`);
      return { round: current, waitedMs: clock.now() - start };
    }
    log(
      what === said
        ? `verify: still waiting, ${seconds(left)} left`
        : `verify: waiting up to ${seconds(left)} for data. ${what}`,
    );
    said = what;
    await clock.sleep(Math.min(pollMs, left));
    const before = current;
    current = await round(current);
    for (const check of current.checks) {
      const was = before.checks[check.id - 1];
      if (was && isPending(was) && check.status === 'pass') {
        log(`verify: ✓ ${check.id}. ${check.title}, after ${seconds(clock.now() - start)}`);
      }
    }
  }
}
