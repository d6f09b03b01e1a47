/** One rule file of the tests, with what promtool and we make of it (rule-file-cases.ts). */
export interface RuleFileCase {
  name: string;
  yaml: string;
  ok: boolean;
  /** Our error lines, in our order; promtool prints the same (in any order: Go ranges over maps at random). */
  errors?: (string | RegExp)[];
  /** promtool's verdict where it differs from ours. */
  promtoolOk?: boolean;
  /** Why promtool's error lines or verdict are not ours: a deliberate difference. */
  differs?: string;
}
