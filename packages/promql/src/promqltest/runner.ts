// Runs a promqltest script against the engine, one outcome per eval command.
import type { Expr } from '../ast';
import { instantQuery, type QueryOptions, type QueryResult, rangeQuery } from '../engine';
import { parseExpr } from '../parse/parser';
import { pinToTime, variantTimes } from './at-modifier-variants';
import { compareAnnotations, compareResult } from './compare';
import { type EvalCommand, parseScript } from './script';
import { type LoadableStorage, TestStorage } from './test-storage';

export type CaseStatus = 'passed' | 'failed';

export interface CaseOutcome {
  readonly line: number;
  readonly expr: string;
  readonly status: CaseStatus;
  readonly reason?: string;
}

/** The engine settings promqltest uses: subqueries without a step use 1m, at most 10000 samples. */
const testOptions: QueryOptions = { defaultSubqueryStep: 60_000, maxSamples: 10_000 };

const usesQueryContext = /(start|end|range|step)\(\)/;

export interface RunOptions {
  /** The storage under test (a fresh one per script); MemoryStorage by default. */
  readonly storage?: () => LoadableStorage;
  /** Check `expect warn|info|no_warn|no_info` against the engine's annotations. */
  readonly checkAnnotations?: boolean;
}

export async function runScript(text: string, options: RunOptions = {}): Promise<CaseOutcome[]> {
  const storage = new TestStorage(options.storage?.());
  const outcomes: CaseOutcome[] = [];
  for (const cmd of parseScript(text)) {
    if (cmd.kind === 'clear') await storage.clear();
    else if (cmd.kind === 'load') await storage.load(cmd);
    else {
      let failure: string | undefined;
      try {
        await runEval(storage, cmd, options);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      outcomes.push({
        line: cmd.line,
        expr: cmd.expr,
        status: failure === undefined ? 'passed' : 'failed',
        ...(failure === undefined ? {} : { reason: failure }),
      });
    }
  }
  return outcomes;
}

async function runEval(storage: TestStorage, cmd: EvalCommand, options: RunOptions): Promise<void> {
  const checkNotes = (result: QueryResult, mode: string) => {
    if (!options.checkAnnotations) return;
    const problem = compareAnnotations(cmd, result);
    if (problem) throw new Error(`${mode}: ${problem}`);
  };
  if (cmd.isRange) {
    const result = await expectOutcome(cmd, () =>
      rangeQuery(storage, cmd.expr, cmd.start, cmd.end, cmd.step, testOptions),
    );
    if (result) {
      checkNotes(result, 'range');
      check(cmd, result, 'range');
    }
    return;
  }
  await runInstant(storage, cmd, cmd.expr, cmd.evalTime, checkNotes);
  // Like promqltest, the pinned variants run for failing cases too and must fail the same way.
  let variant: Expr;
  try {
    variant = parseExpr(cmd.expr);
  } catch (error) {
    // A query that does not parse has no pinned variants; that it failed was checked above.
    if (cmd.fail) return;
    throw error;
  }
  if (!pinToTime(variant, cmd.evalTime)) return;
  for (const t of variantTimes(cmd.evalTime)) {
    // Parse afresh: evaluation must not depend on state left in the tree.
    const pinned = parseExpr(cmd.expr);
    pinToTime(pinned, cmd.evalTime);
    await runInstant(storage, cmd, pinned, t, checkNotes);
  }
}

async function runInstant(
  storage: TestStorage,
  cmd: EvalCommand,
  query: string | Expr,
  time: number,
  checkNotes: (result: QueryResult, mode: string) => void,
): Promise<void> {
  const label = typeof query === 'string' ? '' : ` (pinned with @, evaluated at ${time}ms)`;
  const result = await expectOutcome(cmd, () =>
    instantQuery(storage, query, time, { ...testOptions, queryText: cmd.expr }),
  );
  if (!result) return;
  checkNotes(result, `instant${label}`);
  check(cmd, result, `instant${label}`);
  if (cmd.excludeFromRangeQuery || usesQueryContext.test(cmd.expr)) return;
  const ranged = await rangeQuery(
    storage,
    query,
    time - 60_000,
    time + 60_000,
    60_000,
    testOptions,
  ).catch((error: Error) => {
    throw new Error(`range re-run${label} failed: ${error.message}`);
  });
  if (cmd.ordered || ranged.resultType !== 'matrix') return;
  const atTime: QueryResult =
    result.resultType === 'scalar'
      ? {
          resultType: 'scalar',
          result: { t: time, v: pointAt(ranged.result[0], time) ?? Number.NaN },
        }
      : {
          resultType: 'vector',
          result: ranged.result.flatMap((s) => {
            const v = pointAt(s, time);
            if (v !== undefined) return [{ metric: s.metric, t: time, v }];
            const i = s.histogramTimestamps?.indexOf(time) ?? -1;
            const h = i < 0 ? undefined : s.histograms?.[i];
            return h ? [{ metric: s.metric, t: time, v: Number.NaN, h }] : [];
          }),
        };
  check(cmd, atTime, `range re-run${label}`);
}

function pointAt(
  s: { timestamps: readonly number[]; values: readonly number[] } | undefined,
  t: number,
) {
  if (!s) return undefined;
  const i = s.timestamps.indexOf(t);
  return i < 0 ? undefined : s.values[i];
}

/** Runs the query; returns its result, or undefined when it failed as the case expects. */
async function expectOutcome(
  cmd: EvalCommand,
  run: () => Promise<QueryResult>,
): Promise<QueryResult | undefined> {
  let result: QueryResult;
  try {
    result = await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!cmd.fail) throw new Error(`unexpected error: ${message}`);
    if (cmd.fail.message !== undefined && cmd.fail.message !== message) {
      throw new Error(`expected error "${cmd.fail.message}" but got "${message}"`);
    }
    if (cmd.fail.regex && !cmd.fail.regex.test(message)) {
      throw new Error(`expected error matching ${cmd.fail.regex} but got "${message}"`);
    }
    return undefined;
  }
  if (cmd.fail) throw new Error('expected an error but the query succeeded');
  return result;
}

function check(cmd: EvalCommand, result: QueryResult, mode: string): void {
  const problem = compareResult(cmd, result);
  if (problem) throw new Error(`${mode}: ${problem}`);
}
