/**
 * One rule group's evaluation at a given timestamp, as Prometheus's rules/group.go Eval runs it:
 * every rule in order, each rule's output written before the next rule queries, stale markers
 * for series a rule stopped returning, alerts handed to the sender. No timers: the rule manager
 * (or `test rules`) decides when.
 */
import { type Expr, parseExpr, type Storage } from '@otel-lab/promql';
import { type Labels, type SampleSink, seriesKey } from '../../metrics/sample';
import type { AlertingRule, RecordingRule, Rule, RuleGroup } from '../rule-types';
import { generatorUrl, takeDueAlerts } from './alert-sending';
import { AlertingRuleState } from './alerting-rule';
import { recordResults } from './recording-rule';
import { ruleOutputBatch } from './rule-output-batch';
import { queryForRule, type RuleQueryLimits, type RuleSample } from './rule-query';
import type { ActiveAlert, AlertSender, GroupStatus, RuleHealth, RuleStatus } from './rule-state';

export interface GroupEvaluatorOptions {
  /** What rule queries read. */
  readonly storage: Storage;
  /** Where recording results, ALERTS, ALERTS_FOR_STATE and stale markers are written. */
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
  evaluate(ts: number): Promise<void>;
  status(): GroupStatus;
  /** The pending and firing alerts of every alerting rule named `alertname`. */
  activeAlerts(alertname: string): ActiveAlert[];
  /** Writes stale markers at `ts` for every series the group last wrote (the group is going). */
  markStale(ts: number): Promise<void>;
  /** Series to mark stale at the next evaluation (rules a reload removed). */
  readonly pendingStale: Map<string, Labels>;
  /** The ts of the last evaluation, undefined before the first. */
  readonly lastEvalTimestamp: number | undefined;
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
  const limits = options.queryLimits ?? {};
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
  const pendingStale = new Map<string, Labels>();
  let lastEvaluation: number | undefined;
  let lastEvalTimestamp: number | undefined;
  let evaluationTimeMs = 0;

  async function write(samples: readonly RuleSample[], stale: Labels[], t: number) {
    if (samples.length + stale.length > 0) {
      await options.sink.append(ruleOutputBatch(samples, stale, t));
    }
  }

  async function evaluateRule(slot: RuleSlot, ts: number): Promise<void> {
    const queryTs = ts - queryOffsetMs;
    const results = await queryForRule(options.storage, slot.expr, slot.rule.expr, queryTs, limits);
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
        generatorURL: generatorUrl(externalUrl, rule.expr),
      });
      if (due.length > 0) options.sender.send(due);
    }
    const written = new Map(output.map((s) => [seriesKey(s.labels), s.labels]));
    const gone = [...slot.written].filter(([key]) => !written.has(key)).map(([, l]) => l);
    await write(output, gone, queryTs);
    slot.written = written;
  }

  return {
    group,
    intervalMs,
    queryOffsetMs,
    slots,
    pendingStale,
    get lastEvalTimestamp() {
      return lastEvalTimestamp;
    },
    async evaluate(ts) {
      const startedAt = now();
      const started = performance.now();
      for (const slot of slots) {
        const ruleStartedAt = now();
        const ruleStarted = performance.now();
        try {
          await evaluateRule(slot, ts);
        } catch (error) {
          slot.health = 'err';
          slot.lastError = error instanceof Error ? error.message : String(error);
        }
        slot.evaluationTimeMs = performance.now() - ruleStarted;
        slot.lastEvaluation = ruleStartedAt;
      }
      if (pendingStale.size > 0) {
        // A failed write keeps them for the next evaluation, as Prometheus keeps its staleSeries.
        await write([], [...pendingStale.values()], ts - queryOffsetMs).then(
          () => pendingStale.clear(),
          () => undefined,
        );
      }
      evaluationTimeMs = performance.now() - started;
      lastEvaluation = startedAt;
      lastEvalTimestamp = ts;
    },
    status() {
      return {
        file: group.file,
        name: group.name,
        intervalMs,
        limit: group.limit,
        queryOffsetMs,
        labels: { ...group.labels },
        ...(lastEvaluation === undefined ? {} : { lastEvaluation }),
        evaluationTimeMs,
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
