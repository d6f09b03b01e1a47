/**
 * bench:rules' two sides, interleaved: after each of Prometheus's evaluations (at its wall-clock
 * interval) ours evaluates the group at the same time, in the gap before Prometheus's next one,
 * so that the load of a shared machine falls on both alike. Without Prometheus, ours evaluates
 * alone at its own slots from now on.
 */
import { startCpuProfile } from './cpu-profile-section.js';
import { openOurRules } from './our-rule-run.js';
import { runPrometheusRules } from './prometheus-rule-run.js';
import type { GroupEvaluation } from './rule-group-gauges.js';
import { evaluationTimeQuery, type RuleRun } from './rule-run.js';

export interface InterleavedOptions {
  /** Prometheus's TSDB and configuration go here; undefined: no Prometheus. */
  prometheusDir?: string;
  openMetrics: string;
  /** The backend's data directory, the data set imported. */
  ourDataDir: string;
  ruleFile: string;
  group: string;
  /** A series the group's first rule records (its timestamps are the evaluations'). */
  firstRecord: string;
  intervalMs: number;
  /** Evaluations measured on each side, after `skip` that are not. */
  count: number;
  skip: number;
  /** A CPU profile of our measured evaluations goes here. */
  profileFile?: string;
  log: (line: string) => void;
  progress: (side: string, evaluation: GroupEvaluation, collected: number) => void;
}

export interface InterleavedRuns {
  ours: RuleRun;
  theirs?: RuleRun;
  /** When the first evaluation ran (ms). */
  firstMs: number;
  /** Our evaluations still running when Prometheus's next one started. */
  overlaps: number;
}

export async function runInterleaved(options: InterleavedOptions): Promise<InterleavedRuns> {
  const ours = await openOurRules({
    dataDir: options.ourDataDir,
    ruleFile: options.ruleFile,
    intervalMs: options.intervalMs,
    firstRecord: options.firstRecord,
  });
  let stopProfile: (() => Promise<void>) | undefined;
  let firstMs: number | undefined;
  let ourEndMs = 0;
  let overlaps = 0;
  const evaluateOurs = async (collected: number, slotMs?: number) => {
    if (collected === 1 && options.profileFile !== undefined) {
      stopProfile = await startCpuProfile(options.profileFile);
    }
    const evaluation = await ours.evaluate(collected > 0, slotMs);
    firstMs ??= evaluation.timeMs;
    ourEndMs = Date.now();
    options.progress('ours', evaluation, collected);
    if (collected === options.count) await stopProfile?.();
  };

  let theirs: RuleRun | undefined;
  try {
    if (options.prometheusDir !== undefined) {
      options.log('backfilling Prometheus (promtool) and starting it…');
      theirs = await runPrometheusRules({
        dir: options.prometheusDir,
        openMetrics: options.openMetrics,
        ruleFile: options.ruleFile,
        group: options.group,
        intervalMs: options.intervalMs,
        count: options.count,
        skip: options.skip,
        onStarted: () =>
          options.log(`Prometheus evaluates every ${options.intervalMs / 1000} s, ours after it…`),
        evaluationTimeQuery: evaluationTimeQuery(options.firstRecord),
        onEvaluation: async (evaluation, collected, slotMs) => {
          options.progress('prometheus', evaluation, collected);
          if (ourEndMs > evaluation.timeMs) overlaps++;
          await evaluateOurs(collected, slotMs);
        },
      });
    } else {
      // The manager's own slots, from the next after now.
      for (let i = 0; i < options.skip + options.count; i++) {
        await evaluateOurs(Math.max(0, i + 1 - options.skip));
      }
    }
  } catch (error) {
    await ours.finish().catch(() => undefined); // closes the store
    throw error;
  }
  return {
    ours: await ours.finish(),
    ...(theirs ? { theirs } : {}),
    firstMs: firstMs ?? 0,
    overlaps,
  };
}
