import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { pathGlob } from '../path-glob';
import { decodeUnitTestFile } from './decode-unit-test-file';
import type { CreateUnitTestEvaluator } from './group-evaluator-port';
import { runTestGroup } from './run-test-group';

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
): Promise<number> {
  let failed = false;
  for (const file of files) {
    out.stdout(`Unit Testing:  ${file}\n`);
    const errors = await runFile(file, createEvaluator, out);
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
): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return [goFileError(file, e as NodeJS.ErrnoException)];
  }
  const decoded = decodeUnitTestFile(text);
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
    errors.push(
      ...(await runTestGroup(test, {
        ruleFiles,
        evaluationIntervalMs,
        groupOrder,
        createEvaluator,
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
