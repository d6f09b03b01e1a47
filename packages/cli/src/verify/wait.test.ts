import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../traffic/clock.js';
import type { DashboardFile } from './checks/dashboard.js';
import { parseVerifyArgs, type VerifyOptions } from './options.js';
import { isPending } from './result.js';
import { runRound } from './run.js';
import { type CannedLab, cannedGet, lively, NOW_MS } from './test-support/canned-lab.js';
import { POLL_MS, verifyWaiting } from './wait.js';

const options = parseVerifyArgs([]) as VerifyOptions;
const dashboard: DashboardFile = {
  path: 'test.json',
  json: {
    panels: ['a', 'b', 'c', 'd'].map((expr) => ({
      title: expr,
      type: 'stat',
      targets: [{ expr }],
    })),
  },
};

/** A lab with the services up and scraped, but no request yet: no spans, logs or app metrics. */
function quiet(): CannedLab {
  const lab = lively();
  lab.services = [];
  lab.traces = [];
  lab.logs = [];
  lab.otherQueries = [];
  lab.traceql = {};
  lab.traceqlSeries = [];
  return lab;
}

/** A clock whose sleep passes at once, calling `onSleep` with the new time. */
function fakeClock(onSleep: (elapsedMs: number) => void = () => {}): Clock {
  let elapsed = 0;
  return {
    now: () => elapsed,
    sleep: async (ms) => {
      elapsed += ms;
      onSleep(elapsed);
    },
  };
}

function waitOn(lab: CannedLab, waitMs: number, clock: Clock) {
  const asked: string[] = [];
  const log: string[] = [];
  const get = cannedGet(lab, asked);
  const waited = verifyWaiting(
    (previous) => runRound(options, dashboard, get, NOW_MS, previous),
    waitMs,
    (line) => log.push(line),
    clock,
  );
  return { asked, log, waited };
}

describe('verify --wait', () => {
  test('no data first, then spans and logs, then metrics: it waits until every check passes', async () => {
    const lab = quiet();
    const full = lively();
    const { asked, log, waited } = waitOn(
      lab,
      60_000,
      fakeClock((elapsed) => {
        asked.length = 0;
        if (elapsed === 10_000)
          Object.assign(lab, {
            services: full.services,
            traces: full.traces,
            traceql: full.traceql,
            traceqlSeries: full.traceqlSeries,
          });
        if (elapsed === 15_000) lab.logs = full.logs;
        if (elapsed === 25_000) lab.otherQueries = full.otherQueries;
      }),
    );
    const { round, waitedMs } = await waited;
    assert.deepEqual(
      round.checks.map((check) => check.status),
      ['pass', 'pass', 'pass', 'pass', 'pass', 'pass'],
      log.join('\n'),
    );
    assert.equal(waitedMs, 25_000);
    assert.match(
      log[0] ?? '',
      /^verify: waiting up to 60 s for data\. 1\. The services run and export telemetry: spans \(the services export them every 5 s\); 2\. Traces.*; 3\. Custom metrics .*: a scrape after requests \(one every 15 s\) and two scrapes with requests between them \(15 s apart\)/,
    );
    assert.match(log.join('\n'), /verify: still waiting, 55 s left/);
    assert.match(log.join('\n'), /verify: ✓ 2\. Traces with multiple spans, after 10 s/);
    assert.match(log.join('\n'), /verify: ✓ 5\. Logs correlated with the trace, after 15 s/);
    assert.match(log.join('\n'), /verify: ✓ 6\. Traces found with TraceQL, after 10 s/);
    assert.match(log.join('\n'), /verify: ✓ 4\. Dashboard .*, after 25 s/);
    // The last round asked only for what still lacked data: no health, no traces.
    assert.ok(asked.length > 0);
    assert.ok(
      asked.every((url) => new URL(url).pathname === '/api/v1/query'),
      asked.join('\n'),
    );
  });

  test('the time is up: it stops at the deadline, saying what is still missing', async () => {
    let sleeps = 0;
    const { log, waited } = waitOn(
      quiet(),
      12_000,
      fakeClock(() => {
        sleeps++;
      }),
    );
    const { round, waitedMs } = await waited;
    assert.equal(waitedMs, 12_000);
    assert.equal(sleeps, Math.ceil(12_000 / POLL_MS));
    assert.ok(round.checks.some(isPending));
    assert.match(log.at(-1) ?? '', /^verify: waited 12 s, still without data: 1\. The services/);
  });

  test('a failure waiting cannot mend ends the wait at once', async () => {
    const lab = lively();
    lab.down = ['http://localhost:16686'];
    let sleeps = 0;
    const { log, waited } = waitOn(
      lab,
      60_000,
      fakeClock(() => {
        sleeps++;
      }),
    );
    const { round, waitedMs } = await waited;
    assert.equal(sleeps, 0);
    assert.equal(waitedMs, 0);
    assert.deepEqual(log, []);
    assert.equal(round.checks[0]?.status, 'fail');
  });

  test('a lively lab passes in one round, without waiting', async () => {
    const { log, waited } = waitOn(lively(), 60_000, fakeClock());
    const { round, waitedMs } = await waited;
    assert.equal(waitedMs, 0);
    assert.deepEqual(log, []);
    assert.ok(round.checks.every((check) => check.status === 'pass'));
  });
});
