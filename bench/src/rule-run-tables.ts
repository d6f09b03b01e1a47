/**
 * bench:rules' summary of the two runs: a table of the group's durations and what each side
 * wrote, a table of the time by kind of rule, warnings where the two did not do the same work,
 * and the figures of the JSON line.
 */
import { percentile } from './percentile.js';
import type { RuleRun } from './rule-run.js';
import { ruleKindOf } from './rules-bench-file.js';
import { textTable } from './text-table.js';

export interface RuleFigures {
  /** Our median group evaluation over Prometheus's; null without Prometheus. */
  rule_eval_ratio: number | null;
  /** Rules over our median group evaluation. */
  rules_per_s: number;
  ours_ms: number;
  /** Of ours_ms, the median time spent writing the rules' output to the store. */
  ours_write_ms: number;
  /**
   * (ours_ms − ours_write_ms) / prometheus_ms: where ours would stand if writing its output cost
   * nothing (Prometheus's figure keeps its own appends, which go to memory and its WAL).
   */
  ratio_without_writes: number | null;
  prometheus_ms: number | null;
  prometheus_rules_per_s: number | null;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const ms = (run: RuleRun) => run.evaluations.map((e) => e.seconds * 1000);
const cell = (value: number | undefined, digits = 1) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

/** Per kind of rule, the sum over its windows of each rule's median time (ms). */
function timeByKind(run: RuleRun): Map<string, { rules: number; ms: number }> {
  const kinds = new Map<string, { rules: number; ms: number }>();
  for (const [name, times] of run.ruleMs) {
    const kind = ruleKindOf(name);
    const entry = kinds.get(kind) ?? { rules: 0, ms: 0 };
    entry.rules++;
    entry.ms += percentile(times, 50);
    kinds.set(kind, entry);
  }
  return kinds;
}

export function ruleRunTables(ours: RuleRun, theirs: RuleRun | undefined, rules: number) {
  const oursMs = percentile(ms(ours), 50);
  const theirsMs = theirs ? percentile(ms(theirs), 50) : Number.NaN;
  const writeMs = percentile(ours.writeMs ?? [], 50);
  const both = (f: (run: RuleRun) => string) => [f(ours), theirs ? f(theirs) : '-'];
  const summary = textTable(
    ['per group evaluation', 'ours', 'Prometheus'],
    [
      ['evaluations measured', ...both((run) => String(run.evaluations.length))],
      ['median ms', cell(oursMs), cell(theirsMs)],
      [
        '  of which writing output, median ms',
        ...both((run) => (run.writeMs ? cell(percentile(run.writeMs, 50)) : '-')),
      ],
      ['  in writes (transactions)', ...both((run) => String(run.writes ?? '-'))],
      ['min ms', ...both((run) => cell(Math.min(...ms(run))))],
      ['max ms', ...both((run) => cell(Math.max(...ms(run))))],
      ['rules per second', cell(rules / (oursMs / 1000), 0), cell(rules / (theirsMs / 1000), 0)],
      ['recorded series', ...both((run) => String(run.recordedSeries))],
      ['alerts pending / firing', ...both((run) => `${run.alerts.pending} / ${run.alerts.firing}`)],
      ['failed rules', ...both((run) => String(run.failures.length))],
    ],
    [0],
  );

  const ourKinds = timeByKind(ours);
  const theirKinds = theirs ? timeByKind(theirs) : new Map<string, { ms: number }>();
  const byKind = textTable(
    ['kind of rule (ms summed over its windows)', 'rules', 'ours ms', 'Prometheus ms', 'ratio'],
    [...ourKinds]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .map(([kind, entry]) => {
        const their = theirKinds.get(kind)?.ms;
        return [
          kind,
          String(entry.rules),
          cell(entry.ms, 2),
          cell(their, 2),
          their === undefined ? '-' : cell(entry.ms / their, 2),
        ];
      }),
    [0],
  );

  const warnings = [
    ...ours.failures.map((failure) => `ours failed ${failure}`),
    ...(theirs?.failures ?? []).map((failure) => `Prometheus failed ${failure}`),
  ];
  if (theirs && theirs.recordedSeries !== ours.recordedSeries) {
    warnings.push(
      `recorded series differ (ours ${ours.recordedSeries}, Prometheus ${theirs.recordedSeries}): the two did not do the same work`,
    );
  }
  if (theirs && JSON.stringify(theirs.alerts) !== JSON.stringify(ours.alerts)) {
    const states = (run: RuleRun) => `${run.alerts.pending} pending / ${run.alerts.firing} firing`;
    const same =
      theirs.alerts.pending + theirs.alerts.firing === ours.alerts.pending + ours.alerts.firing;
    const keys = new Set([...ours.alertsByName.keys(), ...theirs.alertsByName.keys()]);
    const differing = [...keys]
      .filter((key) => ours.alertsByName.get(key) !== theirs.alertsByName.get(key))
      .map(
        (key) => `${key} ${ours.alertsByName.get(key) ?? 0}/${theirs.alertsByName.get(key) ?? 0}`,
      );
    warnings.push(
      `alerts differ (ours ${states(ours)}, Prometheus ${states(theirs)}; ours/Prometheus: ${differing.slice(0, 6).join(', ')}): ${
        same
          ? 'the same alerts in other states, as `for` counts from evaluations ours did not make (Prometheus evaluated while ours ran)'
          : 'the two did not do the same work'
      }`,
    );
  }

  const figures: RuleFigures = {
    rule_eval_ratio: theirs ? round(oursMs / theirsMs, 2) : null,
    rules_per_s: Math.round(rules / (oursMs / 1000)),
    ours_ms: round(oursMs, 1),
    ours_write_ms: round(writeMs, 1),
    ratio_without_writes: theirs ? round((oursMs - writeMs) / theirsMs, 2) : null,
    prometheus_ms: theirs ? round(theirsMs, 1) : null,
    prometheus_rules_per_s: theirs ? Math.round(rules / (theirsMs / 1000)) : null,
  };
  return { summary, byKind, warnings, figures };
}
