import { formatRuleFileError, type RuleFileError } from '../rule-types';

/** What yaml.v2/v3 collect into one "unmarshal errors" message rather than report one by one. */
const UNMARSHAL = /^(field \S+ not found in type |cannot unmarshal )/;

/**
 * The errors of loading a test's rule files as promtool prints them: a file's unknown fields and
 * type mismatches as one `file: yaml: unmarshal errors:` message with a line each, as rulefmt
 * returns them; every other error as `promtool check rules` words it.
 */
export function formatRuleLoadErrors(errors: readonly RuleFileError[]): string[] {
  // Each file's unmarshal errors take the place of the first of them.
  const out: (string | string[])[] = [];
  const unmarshal = new Map<string, string[]>();
  for (const error of errors) {
    if (error.rule === undefined && error.line !== undefined && UNMARSHAL.test(error.message)) {
      let lines = unmarshal.get(error.file);
      if (lines === undefined) {
        lines = [];
        unmarshal.set(error.file, lines);
        out.push([error.file]);
      }
      lines.push(`line ${error.line}: ${error.message}`);
    } else {
      out.push(formatRuleFileError(error));
    }
  }
  return out.map((item) => {
    if (typeof item === 'string') return item;
    const file = item[0] as string;
    return `${file}: yaml: unmarshal errors:\n  ${(unmarshal.get(file) ?? []).join('\n  ')}`;
  });
}
