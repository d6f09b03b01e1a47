/** A rule file's content as Prometheus loads it: groups of recording and alerting rules. */

export interface RecordingRule {
  kind: 'recording';
  /** The metric name the results are written under. */
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  kind: 'alerting';
  alert: string;
  expr: string;
  /** How long a result must persist before the alert fires; 0 fires at once. */
  forMs: number;
  /** How long the alert keeps firing after its expression stops returning it. */
  keepFiringForMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  /** The file the group came from: groups are told apart by file and name, as Prometheus does. */
  file: string;
  name: string;
  /** Evaluation interval; undefined means the global evaluation_interval. */
  intervalMs?: number;
  /** Most series or alerts one evaluation of a rule may produce; 0 is no limit. */
  limit: number;
  /** How far back evaluations look; undefined means the global query_offset. */
  queryOffsetMs?: number;
  /** Labels added to every rule's results, under the rule's own labels. */
  labels: Record<string, string>;
  rules: Rule[];
}

/** One problem in a rule file, placed as promtool places it. */
export interface RuleFileError {
  file: string;
  /**
   * 1-based positions in the file where promtool prints them: one, two (a rule with both record
   * and alert), or 0:0 (the absent record or expr of a rule).
   */
  at?: { line: number; column: number }[];
  group?: string;
  /** The rule, by 1-based index in its group and its record or alert name. */
  rule?: { index: number; name: string };
  message: string;
}

export interface RuleFiles {
  /** The files the patterns expanded to, in order. */
  files: string[];
  /** Every group of every file; empty when any file has an error (Prometheus loads none then). */
  groups: RuleGroup[];
  errors: RuleFileError[];
}

/**
 * The error as promtool prints it: `file: line:col: group "g", rule 1, "name": message`. A decoding
 * error's message spans lines (`yaml: unmarshal errors:` then one line per problem).
 */
export function formatRuleFileError(error: RuleFileError): string {
  const at = (error.at ?? []).map((p) => `${p.line}:${p.column}: `).join('');
  const where =
    error.rule === undefined
      ? ''
      : `group ${JSON.stringify(error.group ?? '')}, rule ${error.rule.index}, ${JSON.stringify(error.rule.name)}: `;
  return `${error.file}: ${at}${where}${error.message}`;
}
