import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type HostileBackend, startHostileBackend } from './hostile-backend.js';
import { hostileCases } from './hostile-cases.js';
import { hostileAgent, send } from './hostile-client.js';

/** The largest answer any hostile request may get: every answer has a size cap. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * A small OTLP export sent while each hostile request is in progress: its acknowledgement must
 * come within 2 s too, so a request that stalls ingest (a held event loop, a held budget) fails
 * even when it answers in time itself.
 */
const ACK_PROBE = {
  method: 'POST',
  path: '/v1/traces',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'probe' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: 'probe',
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000001000000',
              },
            ],
          },
        ],
      },
    ],
  }),
};

describe('hostile input: every request is answered within 2 s, bounded, and the backend stays up', () => {
  let lab: HostileBackend;
  before(async () => {
    lab = await startHostileBackend();
  });
  after(async () => {
    hostileAgent.destroy();
    await lab?.backend.stop();
  });

  for (const hostile of hostileCases()) {
    test(hostile.name, async () => {
      // A case that killed the backend fails; the next ones still get a backend to try.
      if (lab.backend.child.exitCode !== null || lab.backend.child.signalCode !== null) {
        lab = await startHostileBackend();
      }
      const base = hostile.port === 'query' ? lab.queryUrl : lab.otlpUrl;
      const answering = send(base, hostile);
      const acked = sleep(50).then(() => send(lab.otlpUrl, ACK_PROBE));
      const [answer, ack] = await Promise.all([answering, acked]);
      assert.equal(ack.status, 200, `an OTLP export beside it was not acknowledged: ${ack.text}`);
      const allowed = hostile.expect ?? [];
      if (allowed.length > 0) {
        assert.ok(
          allowed.includes(answer.status),
          `status ${answer.status}, expected ${allowed.join(' or ')}: ${answer.text.slice(0, 300)}`,
        );
      } else {
        assert.ok(
          answer.status >= 200 && answer.status < 500,
          `status ${answer.status}: ${answer.text.slice(0, 300)}`,
        );
      }
      if (answer.status >= 400 && answer.status !== 405 && hostile.method !== 'HEAD') {
        assert.ok(answer.text.trim().length > 0, 'an error without a message');
      }
      assert.ok(answer.bytes <= MAX_ANSWER_BYTES, `an answer of ${answer.bytes} bytes`);
      const problem = hostile.check?.(answer);
      assert.equal(problem, undefined, problem);
      const ready = await send(lab.queryUrl, { path: '/-/ready' }).catch((error: Error) => {
        // A hung backend is stopped, so the next case starts a fresh one.
        lab.backend.child.kill('SIGKILL');
        throw new Error(`not ready after it: ${error.message}`);
      });
      assert.equal(ready.status, 200, `not ready after it: ${ready.text}`);
    });
  }

  test('records sharing a millisecond are paged and tailed once each', async () => {
    const window = `start=${lab.sharedMs - 60_000}&end=${lab.sharedMs + 60_000}`;
    const seen: string[] = [];
    let before = '';
    for (let page = 0; page < 10; page += 1) {
      const answer = await send(lab.queryUrl, { path: `/api/logs?${window}&limit=2${before}` });
      assert.equal(answer.status, 200, answer.text);
      const { logs, next } = JSON.parse(answer.text) as {
        logs: { body: { stringValue: string }; cursor: string }[];
        next: string | null;
      };
      seen.push(...logs.map((log) => log.body.stringValue));
      if (next === null) break;
      before = `&before=${encodeURIComponent(next)}`;
    }
    assert.deepEqual(seen, ['after', 'three', 'two', 'one', 'before']);
    // The tail from the oldest of the three gets the two stored after it, and nothing twice.
    const all = await send(lab.queryUrl, { path: `/api/logs?${window}&limit=10` });
    const records = (
      JSON.parse(all.text) as { logs: { body: { stringValue: string }; cursor: string }[] }
    ).logs;
    const one = records.find((log) => log.body.stringValue === 'one');
    const tail = await send(lab.queryUrl, {
      path: `/api/logs?${window}&limit=10&after=${encodeURIComponent(one?.cursor ?? '')}`,
    });
    const tailed = (JSON.parse(tail.text) as { logs: { body: { stringValue: string } }[] }).logs;
    assert.deepEqual(
      tailed.map((log) => log.body.stringValue),
      ['after', 'three', 'two'],
    );
  });
});
