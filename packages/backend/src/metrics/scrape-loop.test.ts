import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isStaleAt, type SampleBatch, type SampleSink } from './sample.js';
import type { ScrapeConfig, ScrapeJobConfig } from './scrape-config.js';
import { createScrapeLoop } from './scrape-loop.js';
import { createScrapeManager } from './scrape-manager.js';
import { SCRAPE_ACCEPT_HEADER, scrapeTargetsOf } from './scrape-target.js';

/** A sink that records batches and lets a test wait for the next one. */
class RecordingSink implements SampleSink {
  readonly batches: SampleBatch[] = [];
  private waiters: (() => void)[] = [];
  async append(batch: SampleBatch): Promise<void> {
    this.batches.push(batch);
    for (const wake of this.waiters.splice(0)) wake();
  }
  /** Resolves once `count` batches have arrived, failing after two seconds. */
  async waitFor(count: number): Promise<void> {
    const deadline = Date.now() + 2000;
    while (this.batches.length < count) {
      assert.ok(Date.now() < deadline, `only ${this.batches.length} of ${count} batches arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50).unref();
      });
    }
  }
}

function value(batch: SampleBatch | undefined, name: string): number | 'stale' | undefined {
  const series = batch?.series.find((s) => s.labels.__name__ === name);
  if (!batch || !series) return undefined;
  return isStaleAt(batch.values, series.first) ? 'stale' : batch.values[series.first];
}

const countTimers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let handler: Handler = (_req, res) => res.end();
let address = '';

before(async () => {
  server = createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function config(overrides: Partial<ScrapeJobConfig> = {}): ScrapeConfig {
  return {
    scrapeIntervalMs: 60_000,
    scrapeTimeoutMs: 10_000,
    jobs: [
      {
        jobName: 'demo-app',
        scrapeIntervalMs: 60_000,
        scrapeTimeoutMs: 10_000,
        metricsPath: '/metrics',
        scheme: 'http',
        honorLabels: false,
        params: { format: ['x'] },
        staticConfigs: [{ targets: [address], labels: { env: 'lab' } }],
        ...overrides,
      },
    ],
  };
}

const targetOf = (c: ScrapeConfig) => {
  const [target] = scrapeTargetsOf(c);
  assert.ok(target);
  return target;
};

describe('scrape loop against a local HTTP server', () => {
  test('negotiates, decompresses gzip, parses OpenMetrics and reports health', async () => {
    let seen: IncomingMessage | undefined;
    handler = (req, res) => {
      seen = req;
      res.setHeader('content-type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync('# TYPE c counter\nc_total 7 # {trace_id="t"} 1\n# EOF\n'));
    };
    const sink = new RecordingSink();
    const loop = createScrapeLoop(targetOf(config()), { sink, firstDelayMs: 0 });
    assert.equal(loop.health().health, 'unknown');
    loop.start();
    await sink.waitFor(1);
    await loop.stop();
    assert.equal(seen?.headers.accept, SCRAPE_ACCEPT_HEADER);
    assert.equal(seen?.headers['accept-encoding'], 'gzip');
    assert.equal(seen?.url, '/metrics?format=x');
    const [batch] = sink.batches;
    assert.equal(value(batch, 'c_total'), 7);
    assert.equal(value(batch, 'up'), 1);
    assert.equal(value(batch, 'scrape_samples_scraped'), 1);
    assert.deepEqual(batch?.series[0]?.labels, {
      __name__: 'c_total',
      env: 'lab',
      instance: address,
      job: 'demo-app',
    });
    const health = loop.health();
    assert.equal(health.health, 'up');
    assert.equal(health.lastError, '');
    assert.equal(health.scrapeUrl, `http://${address}/metrics?format=x`);
    assert.equal(health.scrapeInterval, '1m');
    assert.equal(health.discoveredLabels.__address__, address);
    assert.ok(health.lastScrapeDuration > 0);
  });

  test('an HTTP error marks the target down and the earlier series stale', async () => {
    let fail = false;
    handler = (_req, res) => {
      if (fail) {
        res.statusCode = 500;
        res.end('boom');
      } else {
        res.setHeader('content-type', 'text/plain; version=0.0.4');
        res.end('a 1\n');
      }
    };
    const sink = new RecordingSink();
    const loop = createScrapeLoop(targetOf(config()), { sink });
    await loop.scrapeNow();
    fail = true;
    await loop.scrapeNow();
    await loop.stop();
    assert.equal(value(sink.batches[0], 'a'), 1);
    assert.equal(value(sink.batches[1], 'a'), 'stale');
    assert.equal(value(sink.batches[1], 'up'), 0);
    assert.equal(loop.health().health, 'down');
    assert.equal(loop.health().lastError, 'server returned HTTP status 500 Internal Server Error');
  });

  test('a parse error names the line', async () => {
    handler = (_req, res) => res.end('ok 1\nbad line here\n');
    const sink = new RecordingSink();
    const loop = createScrapeLoop(targetOf(config()), { sink });
    await loop.scrapeNow();
    await loop.stop();
    assert.equal(loop.health().lastError, 'line 2: invalid value "line"');
  });

  test('a slow target times out; stop() aborts and awaits an in-flight scrape', async () => {
    const pending: ServerResponse[] = [];
    handler = (_req, res) => pending.push(res);
    const sink = new RecordingSink();
    const loop = createScrapeLoop(targetOf(config({ scrapeTimeoutMs: 100 })), { sink });
    await loop.scrapeNow();
    assert.equal(loop.health().lastError, 'scrape timed out after 0.1s');
    assert.equal(value(sink.batches[0], 'up'), 0);

    const slow = createScrapeLoop(targetOf(config()), { sink, firstDelayMs: 0 });
    slow.start();
    while (pending.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await slow.stop();
    assert.equal(sink.batches.length, 1, 'nothing appended for the aborted scrape');
    for (const res of pending) res.destroy();
  });

  test('an oversized body fails the scrape', async () => {
    handler = (_req, res) => res.end(`a 1\n${'#'.repeat(5000)}\n`);
    const sink = new RecordingSink();
    const loop = createScrapeLoop(targetOf(config()), { sink, maxBodyBytes: 1000 });
    await loop.scrapeNow();
    await loop.stop();
    assert.match(loop.health().lastError, /body size limit exceeded/);
  });

  test('an unreachable target is down with the reason', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const sink = new RecordingSink();
    const c = config();
    const job = c.jobs[0] as ScrapeJobConfig;
    job.staticConfigs = [{ targets: [`127.0.0.1:${port}`], labels: {} }];
    const loop = createScrapeLoop(targetOf(c), { sink });
    await loop.scrapeNow();
    await loop.stop();
    assert.match(loop.health().lastError, /fetch failed: .*ECONNREFUSED/);
  });
});

describe('scrape manager', () => {
  test('scrapes on the interval, reload marks removed targets stale, stop leaves no timers', async () => {
    handler = (_req, res) => res.end('a 1\n');
    const timersBefore = countTimers();
    const sink = new RecordingSink();
    const manager = createScrapeManager(config({ scrapeIntervalMs: 50, scrapeTimeoutMs: 50 }), {
      sink,
      firstDelayMs: 0,
    });
    manager.start();
    await sink.waitFor(3); // three scrapes at 50 ms
    assert.equal(manager.targets()[0]?.health, 'up');
    assert.equal(manager.targets()[0]?.scrapeInterval, '50ms');

    const before = sink.batches.length;
    await manager.reload({ scrapeIntervalMs: 60_000, scrapeTimeoutMs: 10_000, jobs: [] });
    assert.deepEqual(manager.targets(), []);
    const last = sink.batches.at(-1);
    assert.ok(sink.batches.length > before);
    assert.equal(value(last, 'a'), 'stale');
    assert.equal(value(last, 'up'), 'stale');
    await manager.stop();
    const settled = sink.batches.length;
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(sink.batches.length, settled, 'no scrape after stop');
    assert.equal(countTimers(), timersBefore, 'no timer left behind');
  });
});
