import { readFile } from 'node:fs/promises';
import { decodeRuleYaml } from '../decode-rule-yaml';
import type { RuleFileError, RuleGroup } from '../rule-types';
import { validateRuleGroups } from '../validate-rule-groups';

/**
 * A test's rule files, loaded as promtool's rule manager loads them: in order, stopping at the
 * first file with errors and returning only that file's. With `ignoreUnknownFields` (Prometheus
 * 3.2+'s flag) fields rule files do not define are skipped instead of refused.
 */
export async function loadTestRules(
  files: readonly string[],
  ignoreUnknownFields: boolean,
): Promise<{ groups: RuleGroup[] } | { errors: RuleFileError[] }> {
  const groups: RuleGroup[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      return { errors: [{ file, message: (e as Error).message }] };
    }
    const decoded = decodeRuleYaml(text, !ignoreUnknownFields);
    if (decoded.errors.length > 0)
      return { errors: decoded.errors.map((message) => ({ file, message })) };
    const validated = validateRuleGroups(file, decoded.groups);
    if (validated.errors.length > 0) return { errors: validated.errors };
    groups.push(...validated.groups);
  }
  return { groups };
}
