/** Check 1: the services answer, are scraped, and send spans. */
import { displayUrl, joinUrl } from '../http.js';
import { listServices, searchTraces } from '../jaeger-api.js';
import { PENDING } from '../pending.js';
import { instantQuery } from '../prometheus-api.js';
import { type CheckResult, checkOf, type Evidence, fail, pass } from '../result.js';
import { ago, formatNumber } from '../sample-text.js';
import { type CheckContext, LAB_SERVICES, RECENT, RECENT_MS, TRAFFIC_HINT } from './context.js';

async function health(context: CheckContext, name: string, base: string, flag: string) {
  const url = joinUrl(base, '/health');
  const answer = await context.get(url);
  if ('error' in answer) {
    return fail(
      `${name} health: ${answer.error}; start the lab (npm start) or point ${flag} at ${name}`,
    );
  }
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const line = `${name} GET ${displayUrl(url)}: ${answer.status} ${body.slice(0, 60)}`;
  return answer.status >= 200 && answer.status < 300 ? pass(line) : fail(`${line} (not healthy)`);
}

/** up and the number of series each job's last scrapes stored. */
async function scrapes(context: CheckContext): Promise<Evidence[]> {
  const jobs = `job=~"${LAB_SERVICES.join('|')}"`;
  const [up, counts] = await Promise.all([
    instantQuery(context.get, context.sources.prometheus, `max by (job) (up{${jobs}})`),
    instantQuery(context.get, context.sources.prometheus, `count by (job) ({${jobs}})`),
  ]);
  if ('error' in up) return [fail(`scrapes: ${up.error}`)];
  if ('error' in counts) return [fail(`scrapes: ${counts.error}`)];
  return LAB_SERVICES.map((job) => {
    const value = up.samples.find((sample) => sample.metric.job === job)?.value;
    const series = counts.samples.find((sample) => sample.metric.job === job)?.value ?? 0;
    const where = `${job} /metrics`;
    if (value === undefined) {
      return fail(
        `${where}: no up{job="${job}"} sample in ${RECENT}: not scraped yet, or nothing scrapes it`,
        PENDING.firstScrape,
      );
    }
    if (value !== 1) return fail(`${where}: the last scrape failed (up ${formatNumber(value)})`);
    return pass(`${where}: up 1, ${series} series with samples in ${RECENT}`);
  });
}

/** Every lab service listed by the trace API, each with a trace in the recent window. */
async function spans(context: CheckContext): Promise<Evidence[]> {
  const { get, sources, nowMs } = context;
  const listed = await listServices(get, sources.jaeger);
  if ('error' in listed) return [fail(`spans: ${listed.error}`)];
  return Promise.all(
    LAB_SERVICES.map(async (service) => {
      if (!listed.services.includes(service)) {
        return fail(
          `${service} spans: none stored (not in /api/services); ${TRAFFIC_HINT}`,
          PENDING.spans,
        );
      }
      const found = await searchTraces(get, sources.jaeger, {
        service,
        startUs: (nowMs - RECENT_MS) * 1000,
        endUs: nowMs * 1000,
        limit: 20,
      });
      if ('error' in found) return fail(`${service} spans: ${found.error}`);
      const newest = Math.max(...found.traces.flatMap((t) => t.spans.map((s) => s.startTime)));
      if (found.traces.length === 0 || !Number.isFinite(newest)) {
        return fail(`${service} spans: no trace in ${RECENT}; ${TRAFFIC_HINT}`, PENDING.spans);
      }
      return pass(`${service} spans: newest trace ${ago(nowMs - newest / 1000)}`);
    }),
  );
}

export async function checkServices(context: CheckContext): Promise<CheckResult> {
  const [demo, payment, scraped, traced] = await Promise.all([
    health(context, 'demo-app', context.sources.app, '--app'),
    health(context, 'payment-service', context.sources.payment, '--payment'),
    scrapes(context),
    spans(context),
  ]);
  return checkOf(1, 'The services run and export telemetry', [
    demo,
    payment,
    ...scraped,
    ...traced,
  ]);
}
