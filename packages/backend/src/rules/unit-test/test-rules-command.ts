import { stat } from 'node:fs/promises';
import { RE2JS } from 're2js';
import { createGroupEvaluator } from '../eval';
import { type RuleUnitTestOptions, runRuleUnitTests } from './run-rule-unit-tests';

export const TEST_RULES_HELP = `Usage: npm run backend -- test rules [options] FILE...

Runs Prometheus rule unit-test files (the format of \`promtool test rules\`): rule_files (relative
to the test file, globs), evaluation_interval, group_eval_order, fuzzy_compare, and tests with
name, interval, start_timestamp, input_series, alert_rule_test, promql_expr_test,
external_labels and external_url. Prints what promtool prints; exits 0 when every file passes,
1 when any test fails or a file cannot be read. Semantics are Prometheus 3's: a test without an
interval reads its input series at evaluation_interval.

Options:
  --run REGEX               only run the tests whose name matches (repeatable: any of them)
  --ignore-unknown-fields   skip fields the test and rule files do not define, instead of failing
  -h, --help                show this help`;

/**
 * The `test rules` subcommand: reads its options and checks its files as promtool's command line
 * does (at least one, each an existing regular file), then runs them. Resolves to the exit code.
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
  const parsed = await parseArguments(args);
  if (typeof parsed === 'string') {
    out.stderr(`test rules: error: ${parsed}, try --help\n`);
    return 1;
  }
  // promtool marks alerting rules restored, so ALERTS is written from the first evaluation.
  return runRuleUnitTests(
    parsed.files,
    (group, options) => createGroupEvaluator(group, { ...options, restored: true }),
    out,
    parsed.options,
  );
}

async function parseArguments(
  args: readonly string[],
): Promise<{ files: string[]; options: RuleUnitTestOptions } | string> {
  const files: string[] = [];
  const run: string[] = [];
  let ignoreUnknownFields = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--ignore-unknown-fields') ignoreUnknownFields = true;
    else if (arg === '--run' || arg.startsWith('--run=')) {
      const value = arg === '--run' ? args[++i] : arg.slice('--run='.length);
      if (value === undefined) return "expected argument for flag '--run'";
      run.push(value);
    } else if (arg.startsWith('-')) return `unknown flag ${arg}`;
    else files.push(arg);
  }
  if (files.length === 0) return "required argument 'test-rule-file' not provided";
  for (const pattern of run) {
    try {
      RE2JS.compile(pattern);
    } catch (e) {
      return `--run ${pattern}: ${(e as Error).message}`;
    }
  }
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined) return `path '${file}' does not exist`;
    if (info.isDirectory()) return `'${file}' is a directory`;
  }
  return { files, options: { ...(run.length > 0 ? { run } : {}), ignoreUnknownFields } };
}
