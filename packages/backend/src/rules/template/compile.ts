/**
 * compileRuleTemplate: a rule's label or annotation template, checked when the rule file loads
 * and expanded per alert the way Prometheus expands it, errors included.
 */
import type { Node } from './ast.js';
import { ExecutionError, execute } from './execute.js';
import type { TemplateData } from './go-value.js';
import { TemplateSyntaxError } from './lexer.js';
import { parse } from './parser.js';

/**
 * Prometheus prefixes every rule template with these definitions; they hold no newline, so
 * line numbers match the rule's text, and columns on the first line are offset by their length.
 */
export const PRELUDE =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

export interface RuleTemplate {
  /** The template's source, as written in the rule file. */
  readonly text: string;
  /** The expanded text; a failure reads `<error expanding template: …>`, as in Prometheus. */
  expand(data: TemplateData): string;
}

/** A template that does not compile, with Go's wording (`template: name:1: …`). */
export class RuleTemplateError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'RuleTemplateError';
  }
}

/**
 * Parses `text` for the subset this lab supports. `name` is the template's name in messages;
 * Prometheus names alerting rules' templates `__alert_<alertname>`.
 */
export function compileRuleTemplate(text: string, name = 'rule_template'): RuleTemplate {
  let nodes: Node[];
  try {
    nodes = parse(text);
  } catch (e) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    throw new RuleTemplateError(`template: ${name}:${e.line}: ${e.detail}`, e.line);
  }
  return {
    text,
    expand(data) {
      try {
        return execute(nodes, data);
      } catch (e) {
        if (!(e instanceof ExecutionError)) throw e;
        const { line, column, source } = e.command;
        const col = line === 1 ? column + PRELUDE.length : column;
        const where = `template: ${name}:${line}:${col}: executing "${name}" at <${source}>`;
        return `<error expanding template: error executing template ${name}: ${where}: ${e.detail}>`;
      }
    },
  };
}
