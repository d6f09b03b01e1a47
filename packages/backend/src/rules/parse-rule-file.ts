import { decodeRuleYaml } from './decode-rule-yaml';
import type { RuleFileError, RuleGroup } from './rule-types';
import { validateRuleGroups } from './validate-rule-groups';

/**
 * One rule file's groups, or every error in it. As in Prometheus, decoding errors (YAML syntax,
 * unknown fields, wrong types, bad durations) stop before validation; otherwise every validation
 * error of every group and rule is reported. Groups come back only when there is no error.
 */
export function parseRuleFile(
  file: string,
  text: string,
): { groups: RuleGroup[]; errors: RuleFileError[] } {
  const decoded = decodeRuleYaml(text);
  if (decoded.errors.length > 0) {
    return {
      groups: [],
      errors: decoded.errors.map((message) => ({ file, message })),
    };
  }
  const { groups, errors } = validateRuleGroups(file, decoded.groups);
  return errors.length > 0 ? { groups: [], errors } : { groups, errors };
}
