/** One rule file of the tests, with what promtool and we make of it (rule-file-cases.ts). */
export interface RuleFileCase {
  name: string;
  yaml: string;
  ok: boolean;
  errors?: (string | RegExp)[];
  /** promtool's verdict where it differs from ours: templates outside this lab's subset. */
  promtoolOk?: boolean;
  /** promtool prints exactly `errors` (file aside, in any order: Go ranges over maps at random). */
  sameErrors?: true;
}
