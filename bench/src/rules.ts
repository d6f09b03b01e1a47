/**
 * Rule evaluation of the embedded backend against a real Prometheus on the same data: one rule
 * group of 100 recording and 20 alerting rules (rules-bench-file.ts) over bench:promql's data set,
 * one group evaluation's duration compared as Prometheus reports it.
 *
 *   npm run bench:rules -- [--routes 67] [--hours 6] [--interval 10] [--evaluations 10]
 *
 * Prints progress, a table, and last one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasRealPrometheus, openMetricsDataset, PROMETHEUS_BIN } from '@otel-lab/testkit';
import { importOpenMetrics } from './backfill.js';
import { runInterleaved } from './interleaved-rule-runs.js';
import { formatSummary, readProfile, summariseProfile } from './profile-summary.js';
import type { GroupEvaluation } from './rule-group-gauges.js';
import { ruleRunTables } from './rule-run-tables.js';
import { BENCH_GROUP, benchRuleFile, FIRST_RECORD } from './rules-bench-file.js';

const MINUTE = 60_000;
/** Evaluations run before the measured ones: Prometheus's first restores alert state. */
const SKIP = 2;

const USAGE = `usage: npm run bench:rules -- [options]

Loads bench:promql's data set (request counters, a request duration histogram and an
active-requests gauge per route, a sample every 15 s, ending now) into a real Prometheus
(promtool backfill) and into the embedded backend's store (its OpenMetrics import), then
evaluates one rule group of 100 recording and 20 alerting rules (rates and sums by label, error
ratios, histogram quantiles, gauge averages, threshold alerts with for; five windows from 5m to
1h) on both: Prometheus at its evaluation interval; ours with the backend's group evaluator over
the store, writing to it, after each of Prometheus's evaluations and at its time, in the gap
before the next (so a busy machine slows both alike). ${SKIP} evaluations are not measured.

Figures: the median of one group evaluation's duration on each side (Prometheus's
prometheus_rule_group_last_duration_seconds, read from its /metrics at every evaluation; ours
the same figure from the group evaluator), rule_eval_ratio = ours / Prometheus (target <= 1.0)
and rules_per_s = rules / our median; ours_write_ms is the part of ours spent writing the rules'
output to the store, ratio_without_writes the ratio without it. A second table splits the time
by kind of rule (each rule's median, summed over the kind's five windows).

options:
  --routes N        routes in the data set; 15 series each (default 67, 1,005 series)
  --hours N         hours of data (default 6)
  --interval N      the group's evaluation interval, seconds (default 10: room for both sides
                    in each interval on a busy machine)
  --evaluations N   measured evaluations per side (default 10)
  --cpu-prof FILE   write a CPU profile of our measured evaluations to FILE and summarise it
  --top N           rows per profile section (default 15)
  --keep            keep the temporary directory (its path is printed)
  -h, --help        this text

Needs Debian's prometheus package (${PROMETHEUS_BIN} and promtool); without it only ours is
measured and rule_eval_ratio is null.
The last line is JSON: {"rule_eval_ratio","rules_per_s","ours_ms","prometheus_ms",...}.
`;

const OPTIONS = {
  routes: { type: 'string', default: '67' },
  hours: { type: 'string', default: '6' },
  interval: { type: 'string', default: '10' },
  evaluations: { type: 'string', default: '10' },
  'cpu-prof': { type: 'string' },
  top: { type: 'string', default: '15' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const log = (line: string) => process.stdout.write(`${line}\n`);
const progress = (side: string, e: GroupEvaluation, collected: number) =>
  process.stderr.write(
    `${side}: ${collected === 0 ? 'unmeasured evaluation' : `evaluation ${collected}`} ${(e.seconds * 1000).toFixed(1)} ms\n`,
  );

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`--${name} ${raw}: expected an integer from ${min} to ${max}\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    values = parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const routes = integer('routes', values.routes, 1, 10_000);
  const hours = integer('hours', values.hours, 1, 48);
  const intervalMs = integer('interval', values.interval, 1, 600) * 1000;
  const count = integer('evaluations', values.evaluations, 1, 1000);
  const top = integer('top', values.top, 1, 200);
  const withPrometheus = hasRealPrometheus();
  if (!withPrometheus) {
    process.stderr.write(
      `no Prometheus at ${PROMETHEUS_BIN} (apt-get install prometheus): its side is skipped, ours measured alone\n`,
    );
  }
  const load = loadavg()[0] as number;

  const dir = mkdtempSync(join(tmpdir(), 'otel-lab-rules-'));
  // The data ends now, so that Prometheus, which evaluates at the wall clock, finds it in its
  // windows (a backfilled sample after now would put its head's lower bound past now, and
  // refuse the rules' output).
  const end = Math.floor(Date.now() / 15_000) * 15_000;
  const points = hours * 240;
  log(`generating ${routes * 15} series × ${points} points…`);
  const text = openMetricsDataset({
    startMs: end - hours * 60 * MINUTE + 7_500,
    points,
    stepMs: 15_000,
    routes,
  });
  const dataFile = join(dir, 'data.om');
  writeFileSync(dataFile, text);
  const ruleFile = join(dir, 'bench.rules.yml');
  const rules = benchRuleFile(`${intervalMs / 1000}s`);
  writeFileSync(ruleFile, rules.yaml);
  const ruleCount = rules.recording + rules.alerting;

  try {
    log('importing into the backend’s store…');
    const ingest = await importOpenMetrics(dataFile, join(dir, 'ours'));
    log(`imported (${ingest.toLocaleString('en')} samples/s)`);
    const profileFile = values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']);
    const { ours, theirs, firstMs, overlaps } = await runInterleaved({
      ...(withPrometheus ? { prometheusDir: join(dir, 'prometheus') } : {}),
      openMetrics: text,
      ourDataDir: join(dir, 'ours'),
      ruleFile,
      group: BENCH_GROUP,
      firstRecord: FIRST_RECORD,
      intervalMs,
      count,
      skip: SKIP,
      ...(profileFile === undefined ? {} : { profileFile }),
      log,
      progress,
    });
    log(`the data ended ${Math.round((firstMs - end) / 1000)} s before the first evaluation`);

    const tables = ruleRunTables(ours, theirs, ruleCount);
    log('');
    log(tables.summary);
    log('');
    log(tables.byKind);
    for (const warning of tables.warnings) log(`warning: ${warning}`);
    if (overlaps > 0) {
      log(
        `warning: ${overlaps} of our evaluations ran into Prometheus's next one (raise --interval)`,
      );
    }
    if (profileFile !== undefined) {
      log('');
      log(
        formatSummary(
          `our measured evaluations (${profileFile})`,
          summariseProfile(readProfile(profileFile), top),
        ),
      );
    }
    const figures = {
      ...tables.figures,
      rules: ruleCount,
      series: routes * 15,
      evaluations: count,
      interval_s: intervalMs / 1000,
      load_1m: Number(load.toFixed(2)),
    };
    log('');
    log(
      figures.rule_eval_ratio === null
        ? `ours ${figures.ours_ms} ms per group evaluation, ${figures.rules_per_s} rules/s (no Prometheus to compare)`
        : `rule_eval_ratio ${figures.rule_eval_ratio} (target <= 1.0): ours ${figures.ours_ms} ms, Prometheus ${figures.prometheus_ms} ms per group evaluation`,
    );
    log(JSON.stringify(figures));
  } finally {
    if (values.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
