import { stat } from 'node:fs/promises';
import { createGroupEvaluator } from '../eval';
import { runRuleUnitTests } from './run-rule-unit-tests';

export const TEST_RULES_HELP = `Usage: otel-lab-backend test rules FILE...

Runs Prometheus rule unit-test files (the format of \`promtool test rules\`): rule_files (relative
to the test file, globs), evaluation_interval, group_eval_order, and tests with interval,
input_series, alert_rule_test, promql_expr_test, external_labels and external_url. Prints what
promtool prints; exits 0 when every file passes, 1 when any test fails or a file cannot be read.
A test without an interval reads its input series at evaluation_interval, as Prometheus 3 does.

  --help  Show this help.`;

/**
 * The `test rules` subcommand: checks its arguments as promtool's command line does (at least one
 * file, each an existing regular file) and runs them. Resolves to the process's exit code.
 */
export async function runTestRulesCommand(args: readonly string[]): Promise<number> {
  const out = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
  };
  if (args.includes('--help') || args.includes('-h')) {
    out.stdout(`${TEST_RULES_HELP}\n`);
    return 0;
  }
  const problem = await argumentProblem(args);
  if (problem !== undefined) {
    out.stderr(`test rules: error: ${problem}, try --help\n`);
    return 1;
  }
  // promtool marks alerting rules restored, so ALERTS is written from the first evaluation.
  return runRuleUnitTests(
    args,
    (group, options) => createGroupEvaluator(group, { ...options, restored: true }),
    out,
  );
}

async function argumentProblem(args: readonly string[]): Promise<string | undefined> {
  if (args.length === 0) return "required argument 'test-rule-file' not provided";
  const option = args.find((a) => a.startsWith('-'));
  if (option !== undefined) return `unknown flag ${option}`;
  for (const file of args) {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined) return `path '${file}' does not exist`;
    if (info.isDirectory()) return `'${file}' is a directory`;
  }
  return undefined;
}
