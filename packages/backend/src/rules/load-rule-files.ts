import { readFile } from 'node:fs/promises';
import { parseRuleFile } from './parse-rule-file';
import { pathGlob } from './path-glob';
import type { RuleFileError, RuleFiles } from './rule-types';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The rule files `patterns` name, each expanded as Prometheus expands `rule_files` (Go's
 * filepath.Glob; a pattern matching nothing adds no file), read and validated. Any error in any
 * file leaves `groups` empty, as Prometheus then loads no rules at all.
 */
export async function loadRuleFiles(patterns: string[]): Promise<RuleFiles> {
  const files: string[] = [];
  const errors: RuleFileError[] = [];
  for (const pattern of patterns) {
    try {
      files.push(...(await pathGlob(pattern)));
    } catch (e) {
      errors.push({
        file: pattern,
        message: `error retrieving rule files for ${pattern}: ${(e as Error).message}`,
      });
    }
  }
  const groups = [];
  for (const file of files) {
    let text: string;
    try {
      text = UTF8.decode(await readFile(file));
    } catch (e) {
      const message = e instanceof TypeError ? 'not valid UTF-8 text' : (e as Error).message;
      errors.push({ file, message });
      continue;
    }
    const parsed = parseRuleFile(file, text);
    groups.push(...parsed.groups);
    errors.push(...parsed.errors);
  }
  return { files, groups: errors.length > 0 ? [] : groups, errors };
}
