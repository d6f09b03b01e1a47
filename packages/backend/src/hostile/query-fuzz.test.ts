import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HostileBackend, startHostileBackend } from './hostile-backend.js';
import { hostileAgent, send } from './hostile-client.js';
import { fuzzPath } from './query-fuzz.js';

const SEED = 12;
const REQUESTS = 10_000;
const CONCURRENCY = 6;

let lab: HostileBackend;
before(async () => {
  lab = await startHostileBackend();
});
after(async () => {
  hostileAgent.destroy();
  await lab?.backend.stop();
});

test(`${REQUESTS} fuzzed queries (seed ${SEED}): each answered within 2 s with a 2xx-4xx, the backend ready throughout`, async () => {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS && failures.length < 10) {
      const index = next++;
      const path = fuzzPath(SEED, index);
      try {
        const answer = await send(lab.queryUrl, { path });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        // A query given its own short `timeout` gets Prometheus's answer to that: 503 timeout.
        const askedTimeout =
          answer.status === 503 && /[?&]timeout=/.test(path) && /"timeout"/.test(answer.text);
        if ((answer.status >= 500 && !askedTimeout) || answer.status < 200) {
          failures.push(
            `#${index} ${path.slice(0, 300)}: ${answer.status} ${answer.text.slice(0, 200)}`,
          );
        }
      } catch (error) {
        failures.push(`#${index} ${path.slice(0, 300)}: ${(error as Error).message}`);
      }
      if (index % 500 === 0) {
        const ready = await send(lab.queryUrl, { path: '/-/ready' });
        if (ready.status !== 200) failures.push(`not ready after #${index}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  assert.deepEqual(failures, [], `statuses so far: ${JSON.stringify([...statuses])}`);
  // A fuzzer that only ever hits the parameter checks would prove little: most requests must
  // get past them, and some must be refused.
  const ok = statuses.get(200) ?? 0;
  const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
  assert.ok(ok > REQUESTS * 0.2 && refused > REQUESTS * 0.1, JSON.stringify([...statuses]));
  const ready = await send(lab.queryUrl, { path: '/-/ready' });
  assert.equal(ready.status, 200);
});
