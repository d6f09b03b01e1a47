/**
 * One rule group's evaluation at a given timestamp, as Prometheus's rules/group.go Eval runs it:
 * every rule in order, each rule reading the output of the rules before it, stale markers for
 * series a rule stopped returning, alerts handed to the sender. The output is written once, at
 * the end (rule-output-overlay.ts). No timers: the rule manager (or `test rules`) decides when.
 */
import { type Expr, parseExpr, type Storage } from '@otel-lab/promql';
import { type Labels, type SampleSink, seriesKey } from '../../metrics/sample';
import type { AlertingRule, RecordingRule, Rule, RuleGroup } from '../rule-types';
import { generatorUrl, takeDueAlerts } from './alert-sending';
import { AlertingRuleState } from './alerting-rule';
import { copyRuleState } from './copy-rule-state';
import { recordResults } from './recording-rule';
import { ruleOutputBatch } from './rule-output-batch';
import { RuleOutputOverlay } from './rule-output-overlay';
import { queryForRule, type RuleQueryLimits, type RuleSample } from './rule-query';
import type { ActiveAlert, AlertSender, GroupStatus, RuleHealth, RuleStatus } from './rule-state';

export interface GroupEvaluatorOptions {
  /** What rule queries read. */
  readonly storage: Storage;
  /** Where recording results, ALERTS, ALERTS_FOR_STATE and stale markers go: one batch per evaluation. */
  readonly sink: SampleSink;
  /** The global evaluation_interval, for groups without their own. */
  readonly defaultIntervalMs: number;
  /** The global query_offset, for groups without their own; default 0. */
  readonly defaultQueryOffsetMs?: number;
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Prometheus's --web.external-url, without a trailing slash; default ''. */
  readonly externalUrl?: string;
  readonly queryLimits?: RuleQueryLimits;
  /** How long before a firing alert is sent again; default 1 minute, as Prometheus's. */
  readonly resendDelayMs?: number;
  readonly sender?: AlertSender;
  /** Wall clock for lastEvaluation (ms); default Date.now. */
  readonly now?: () => number;
  /**
   * Whether alerting rules write ALERTS from the first evaluation (default true). The rule
   * manager passes false at start-up and restores their `for` state first, as Prometheus does.
   */
  readonly restored?: boolean;
}

/** One rule with what evaluation keeps about it. */
export interface RuleSlot {
  readonly rule: Rule;
  readonly expr: Expr;
  /** The group's labels with the rule's over them. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerting?: AlertingRuleState;
  health: RuleHealth;
  lastError: string;
  lastEvaluation?: number;
  evaluationTimeMs: number;
  /** The series the rule wrote at its last successful evaluation, by key. */
  written: Map<string, Labels>;
}

export interface GroupEvaluator {
  readonly group: RuleGroup;
  readonly intervalMs: number;
  readonly queryOffsetMs: number;
  readonly slots: readonly RuleSlot[];
  /** Evaluates every rule at `ts` (ms), queries at ts − query_offset. */
  evaluate(ts: number): Promise<EvaluationSummary>;
  status(): GroupStatus;
  /** The pending and firing alerts of every alerting rule named `alertname`. */
  activeAlerts(alertname: string): ActiveAlert[];
  /** Writes stale markers at `ts` for every series the group last wrote (the group is going). */
  markStale(ts: number): Promise<void>;
  /**
   * Takes over the state of the group this one replaces on a reload, as Prometheus's CopyState:
   * rules matched by name and labels keep their alerts and written series; the series of rules
   * that are gone are marked stale at the next evaluation.
   */
  adoptState(from: GroupEvaluator): void;
  readonly timing: Readonly<GroupTiming>;
  /** Series of rules a reload removed, to be marked stale at the next evaluation. */
  readonly pendingStale: ReadonlyMap<string, Labels>;
}

/** What one evaluation did, for the rule manager's metrics. */
export interface EvaluationSummary {
  readonly rules: number;
  readonly failures: number;
}

export interface GroupTiming {
  /** Wall-clock start of the last evaluation (ms). */
  lastEvaluation?: number;
  /** The evaluation timestamp of the last evaluation (ms). */
  lastEvalTimestamp?: number;
  evaluationTimeMs: number;
}

/** Parses and compiles every rule; throws on an expression or template that does not compile. */
export function createGroupEvaluator(
  group: RuleGroup,
  options: GroupEvaluatorOptions,
): GroupEvaluator {
  const intervalMs = group.intervalMs ?? options.defaultIntervalMs;
  const queryOffsetMs = group.queryOffsetMs ?? options.defaultQueryOffsetMs ?? 0;
  const externalLabels = options.externalLabels ?? {};
  const externalUrl = options.externalUrl ?? '';
  const resendDelayMs = options.resendDelayMs ?? 60_000;
  const now = options.now ?? Date.now;
  const limits = {
    defaultSubqueryStepMs: options.defaultIntervalMs,
    ...options.queryLimits,
  };
  const slots: RuleSlot[] = group.rules.map((rule) => {
    const labels = { ...group.labels, ...rule.labels };
    return {
      rule,
      expr: parseExpr(rule.expr, { step: 0, range: 0 }),
      labels,
      ...(rule.kind === 'alerting'
        ? { alerting: newAlertingState(rule, labels, externalLabels, externalUrl, options) }
        : {}),
      health: 'unknown',
      lastError: '',
      evaluationTimeMs: 0,
      written: new Map(),
    };
  });
  // Series of rules a reload removed: marked stale at the next evaluation.
  const pendingStale = new Map<string, Labels>();
  const timing: GroupTiming = { evaluationTimeMs: 0 };

  async function write(samples: readonly RuleSample[], stale: Labels[], t: number) {
    if (samples.length + stale.length > 0) {
      await options.sink.append(ruleOutputBatch(samples, stale, t));
    }
  }

  /** Evaluates one rule, its output (and stale markers) into `overlay`; returns what it wrote. */
  async function evaluateRule(
    slot: RuleSlot,
    ts: number,
    overlay: RuleOutputOverlay,
  ): Promise<Map<string, Labels>> {
    const queryTs = ts - queryOffsetMs;
    const results = await queryForRule(overlay, slot.expr, slot.rule.expr, queryTs, limits);
    const { rule, alerting } = slot;
    const output =
      alerting === undefined
        ? recordResults(rule as RecordingRule, slot.labels, results, group.limit)
        : alerting.update(results, ts, group.limit);
    slot.health = 'ok';
    slot.lastError = '';
    if (alerting !== undefined && options.sender !== undefined) {
      const due = takeDueAlerts(alerting.active.values(), ts, {
        resendDelayMs,
        intervalMs,
        externalLabels,
        generatorURL: generatorUrl(externalUrl, rule.expr.trim()),
      });
      if (due.length > 0) options.sender.send(due);
    }
    const written = new Map<string, Labels>();
    for (const sample of output) {
      const key = seriesKey(sample.labels);
      // Last evaluation's label object for the same series: the store knows its series by object.
      const labels = slot.written.get(key) ?? sample.labels;
      written.set(key, labels);
      overlay.add(labels, queryTs, sample.value, sample.histogram);
    }
    for (const [key, labels] of slot.written) {
      if (!written.has(key)) overlay.add(labels, queryTs, null);
    }
    return written;
  }

  /**
   * Writes the evaluation's output in one batch. A failed write fails every rule with output in
   * it, as a failed commit does in Prometheus: their series of the last evaluation stand (for
   * the next one's stale markers) and so do the stale series of removed rules.
   */
  async function writeOutput(
    overlay: RuleOutputOverlay,
    wrote: ReadonlyMap<RuleSlot, Map<string, Labels>>,
    t: number,
  ): Promise<void> {
    // A series a rule wrote just now is not stale (say, a renamed rule took it over): a marker
    // at the same time would replace its sample, where Prometheus refuses the marker.
    for (const slot of slots) {
      for (const key of (wrote.get(slot) ?? slot.written).keys()) pendingStale.delete(key);
    }
    for (const labels of pendingStale.values()) overlay.add(labels, t, null);
    const samples: RuleSample[] = [];
    const stale: Labels[] = [];
    for (const held of overlay.samples()) {
      if (held.stale) stale.push(held.labels);
      else
        samples.push(
          held.histogram
            ? { labels: held.labels, value: 0, histogram: held.histogram }
            : { labels: held.labels, value: held.values[0] as number },
        );
    }
    try {
      await write(samples, stale, t);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const [slot, written] of wrote) {
        if (written.size + slot.written.size === 0) continue;
        slot.health = 'err';
        slot.lastError = message;
      }
      return;
    }
    pendingStale.clear();
    for (const [slot, written] of wrote) slot.written = written;
  }

  return {
    group,
    intervalMs,
    queryOffsetMs,
    slots,
    timing,
    pendingStale,
    async evaluate(ts) {
      const startedAt = now();
      const started = performance.now();
      const overlay = new RuleOutputOverlay(options.storage);
      const wrote = new Map<RuleSlot, Map<string, Labels>>();
      for (const slot of slots) {
        const ruleStartedAt = now();
        const ruleStarted = performance.now();
        try {
          wrote.set(slot, await evaluateRule(slot, ts, overlay));
        } catch (error) {
          slot.health = 'err';
          slot.lastError = error instanceof Error ? error.message : String(error);
        }
        slot.evaluationTimeMs = performance.now() - ruleStarted;
        slot.lastEvaluation = ruleStartedAt;
      }
      await writeOutput(overlay, wrote, ts - queryOffsetMs);
      timing.evaluationTimeMs = performance.now() - started;
      timing.lastEvaluation = startedAt;
      timing.lastEvalTimestamp = ts;
      return { rules: slots.length, failures: slots.filter((s) => s.health === 'err').length };
    },
    adoptState(from) {
      Object.assign(timing, from.timing);
      for (const [key, labels] of from.pendingStale) pendingStale.set(key, labels);
      for (const [key, labels] of copyRuleState(from.slots, slots)) pendingStale.set(key, labels);
    },
    status() {
      return {
        file: group.file,
        name: group.name,
        intervalMs,
        limit: group.limit,
        queryOffsetMs,
        labels: { ...group.labels },
        ...(timing.lastEvaluation === undefined ? {} : { lastEvaluation: timing.lastEvaluation }),
        evaluationTimeMs: timing.evaluationTimeMs,
        rules: slots.map(ruleStatus),
      };
    },
    activeAlerts(alertname) {
      return slots.flatMap((s) =>
        s.alerting !== undefined && s.alerting.rule.alert === alertname ? s.alerting.alerts() : [],
      );
    },
    async markStale(ts) {
      const all = new Map(pendingStale);
      for (const slot of slots) for (const [key, labels] of slot.written) all.set(key, labels);
      await write([], [...all.values()], ts - queryOffsetMs);
      pendingStale.clear();
      for (const slot of slots) slot.written = new Map();
    },
  };
}

function newAlertingState(
  rule: AlertingRule,
  labels: Record<string, string>,
  externalLabels: Readonly<Record<string, string>>,
  externalUrl: string,
  options: GroupEvaluatorOptions,
): AlertingRuleState {
  const state = new AlertingRuleState(rule, labels, { externalLabels, externalUrl });
  state.restored = options.restored ?? true;
  return state;
}

function ruleStatus(slot: RuleSlot): RuleStatus {
  return {
    rule: slot.rule,
    health: slot.health,
    lastError: slot.lastError,
    ...(slot.lastEvaluation === undefined ? {} : { lastEvaluation: slot.lastEvaluation }),
    evaluationTimeMs: slot.evaluationTimeMs,
    ...(slot.alerting === undefined
      ? {}
      : { state: slot.alerting.state(), alerts: slot.alerting.alerts() }),
  };
}
