/**
 * A rule group's last evaluation as Prometheus exposes it on /metrics: the evaluation timestamp
 * (`prometheus_rule_group_last_evaluation_timestamp_seconds`) and how long it took
 * (`prometheus_rule_group_last_duration_seconds`), both labelled `rule_group="<file>;<group>"`.
 * Polled, they give one duration per evaluation: bench:rules' figure for Prometheus.
 */

export interface GroupEvaluation {
  /**
   * When the evaluation started (ms), as Prometheus 2.42 sets the timestamp gauge: a few ms after
   * the aligned slot it evaluates the rules at.
   */
  timeMs: number;
  /** prometheus_rule_group_last_duration_seconds for that evaluation. */
  seconds: number;
}

const TIMESTAMP = 'prometheus_rule_group_last_evaluation_timestamp_seconds';
const DURATION = 'prometheus_rule_group_last_duration_seconds';

/** The sample of `metric` for the group named `group` (in any file); undefined if none. */
function gaugeOf(text: string, metric: string, group: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const close = line.lastIndexOf('} ');
    const labels = line.slice(metric.length + 1, close);
    const ruleGroup = /(?:^|,)rule_group="([^"]*)"/.exec(labels)?.[1];
    if (ruleGroup === undefined || !ruleGroup.endsWith(`;${group}`)) continue;
    const value = Number(
      line
        .slice(close + 2)
        .trim()
        .split(' ')[0],
    );
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/**
 * The group's last evaluation in a /metrics page, or undefined before its first one (Prometheus
 * shows the timestamp as 0 or a negative number then, or no sample at all).
 */
export function lastGroupEvaluation(text: string, group: string): GroupEvaluation | undefined {
  const timestamp = gaugeOf(text, TIMESTAMP, group);
  const seconds = gaugeOf(text, DURATION, group);
  if (timestamp === undefined || seconds === undefined || timestamp <= 0) return undefined;
  return { timeMs: Math.round(timestamp * 1000), seconds };
}

export interface CollectOptions {
  /** Evaluations to collect, after `skip` unrecorded ones. */
  count: number;
  skip: number;
  /** How often /metrics is read: well under the group's interval, so none is missed. */
  pollMs: number;
  /** When to give up (ms). */
  timeoutMs: number;
  /** Told of each evaluation seen, with how many are collected (0 while skipping); awaited. */
  onEvaluation?: (evaluation: GroupEvaluation, collected: number) => void | Promise<void>;
}

/** Reads `url`/metrics until `count` evaluations of `group` after the skipped ones are seen. */
export async function collectGroupEvaluations(
  url: string,
  group: string,
  options: CollectOptions,
): Promise<GroupEvaluation[]> {
  const seen: GroupEvaluation[] = [];
  const deadline = Date.now() + options.timeoutMs;
  while (seen.length < options.skip + options.count) {
    if (Date.now() > deadline) {
      throw new Error(
        `Prometheus evaluated group ${group} ${seen.length} times in ${options.timeoutMs / 1000} s, ` +
          `not ${options.skip + options.count}: is it slower than its interval?`,
      );
    }
    const text = await (await fetch(`${url}/metrics`)).text();
    const last = lastGroupEvaluation(text, group);
    if (last && last.timeMs !== seen.at(-1)?.timeMs) {
      seen.push(last);
      await options.onEvaluation?.(last, Math.max(0, seen.length - options.skip));
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return seen.slice(options.skip);
}
