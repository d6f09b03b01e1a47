import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { RE2JS } from 're2js';
import { pathGlob } from '../path-glob';
import { decodeUnitTestFile } from './decode-unit-test-file';
import type { CreateUnitTestEvaluator } from './group-evaluator-port';
import { runTestGroup } from './run-test-group';

/** Prometheus 3's options of `promtool test rules`. */
export interface RuleUnitTestOptions {
  /** --run: only test groups whose name matches one of these Go regular expressions. */
  run?: readonly string[];
  /** --ignore-unknown-fields: skip fields the test and rule files do not define. */
  ignoreUnknownFields?: boolean;
}

export interface RuleUnitTestOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

/**
 * `test rules FILE...` as promtool runs it: each file's name, then SUCCESS, or FAILED: and each
 * error (errors on stderr, a blank line after each on stdout), then a blank line. Returns the exit
 * code: 0 when every file passes, 1 otherwise.
 */
export async function runRuleUnitTests(
  files: readonly string[],
  createEvaluator: CreateUnitTestEvaluator,
  out: RuleUnitTestOutput,
  options: RuleUnitTestOptions = {},
): Promise<number> {
  // One pattern of the alternatives, unanchored, as promtool joins them.
  const run = options.run === undefined ? undefined : RE2JS.compile(options.run.join('|'));
  let failed = false;
  for (const file of files) {
    out.stdout(`Unit Testing:  ${file}\n`);
    const errors = await runFile(file, createEvaluator, out, {
      ignoreUnknownFields: options.ignoreUnknownFields ?? false,
      selected: (name) => run === undefined || run.matcher(name).find(),
    });
    if (errors.length > 0) {
      out.stderr('  FAILED:\n');
      for (const error of errors) {
        out.stderr(`${error}\n`);
        out.stdout('\n');
      }
      failed = true;
    } else {
      out.stdout('  SUCCESS\n');
    }
    out.stdout('\n');
  }
  return failed ? 1 : 0;
}

async function runFile(
  file: string,
  createEvaluator: CreateUnitTestEvaluator,
  out: RuleUnitTestOutput,
  options: { ignoreUnknownFields: boolean; selected: (name: string) => boolean },
): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return [goFileError(file, e as NodeJS.ErrnoException)];
  }
  const decoded = decodeUnitTestFile(text, { ignoreUnknownFields: options.ignoreUnknownFields });
  if (decoded instanceof Error) return [decoded.message];
  const ruleFiles: string[] = [];
  for (const pattern of decoded.ruleFiles) {
    // Relative to the test file's folder; Go's filepath.Join cleans the path as path.join does.
    const resolved =
      pattern !== '' && !isAbsolute(pattern) ? join(dirname(file), pattern) : pattern;
    let matches: string[];
    try {
      matches = await pathGlob(resolved);
    } catch (e) {
      return [(e as Error).message];
    }
    if (matches.length === 0) out.stderr(`  WARNING: no file match pattern ${resolved}\n`);
    ruleFiles.push(...matches);
  }
  const groupOrder = new Map<string, number>();
  for (const [i, name] of decoded.groupEvalOrder.entries()) {
    if (groupOrder.has(name)) return [`group name repeated in evaluation order: ${name}`];
    groupOrder.set(name, i);
  }
  const evaluationIntervalMs = decoded.evaluationIntervalMs || DEFAULT_EVALUATION_INTERVAL_MS;
  const errors: string[] = [];
  for (const test of decoded.tests) {
    if (!options.selected(test.name)) continue;
    errors.push(
      ...(await runTestGroup(test, {
        ruleFiles,
        evaluationIntervalMs,
        groupOrder,
        createEvaluator,
        fuzzyCompare: decoded.fuzzyCompare,
        ignoreUnknownFields: options.ignoreUnknownFields,
      })),
    );
  }
  return errors;
}

/** Go's *PathError text: `open FILE: no such file or directory`. */
function goFileError(file: string, error: NodeJS.ErrnoException): string {
  const reason: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
  };
  const text = reason[error.code ?? ''];
  return text ? `${error.code === 'EISDIR' ? 'read' : 'open'} ${file}: ${text}` : error.message;
}
