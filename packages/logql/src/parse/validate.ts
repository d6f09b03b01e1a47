// Loki's checks after parsing: every selector must pick streams by a matcher that rejects the empty
// value, and every regex, pattern and template must compile (Go's messages). Loki gives these no
// position.
import {
  compileAnchored,
  type LabelMatcher,
  matchesMatcher,
  RegexSyntaxError,
} from '@otel-lab/promql';
import type { Expr, LabelFilter, LogExpr, MetricExpr, Stage } from '../ast';
import { IpPatternError } from '../pipeline/ip-match';
import { compileLabelFilter } from '../pipeline/label-filter';
import { compilePipeline } from '../pipeline/pipeline';
import { StageError } from '../pipeline/stage';
import { LogqlParseError } from './parse-error';

export const errAtLeastOneEqualityMatcher =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

export function validateExpr(expr: Expr, query: string): void {
  try {
    if (expr.kind === 'log') validateLog(expr);
    else validateMetric(expr);
  } catch (error) {
    if (
      error instanceof RegexSyntaxError ||
      error instanceof StageError ||
      error instanceof IpPatternError
    ) {
      throw new LogqlParseError(error.message, undefined, query);
    }
    throw error;
  }
}

function validateMetric(expr: MetricExpr): void {
  switch (expr.kind) {
    case 'rangeAggregation':
      validateLog(expr.range.selector);
      for (const f of expr.range.unwrap?.postFilters ?? []) {
        validateLabelFilter(f);
        compileLabelFilter(f);
      }
      return;
    case 'vectorAggregation':
      validateMetric(expr.expr);
      return;
    case 'binary':
      validateMetric(expr.lhs);
      validateMetric(expr.rhs);
      return;
    case 'labelReplace':
      compileAnchored(expr.regex);
      validateMetric(expr.expr);
      return;
    case 'literal':
    case 'vector':
      return;
  }
}

function validateLog(expr: LogExpr): void {
  for (const m of expr.matchers) checkMatcherRegex(m);
  if (!expr.matchers.some(selectsStreams)) {
    throw new LogqlParseError(errAtLeastOneEqualityMatcher);
  }
  for (const stage of expr.pipeline) validateStage(stage);
  // Builds every stage once, so a bad regexp, pattern, template or JSON path fails here.
  compilePipeline(expr.pipeline);
}

/** Loki's SplitFiltersAndMatchers: a matcher that rejects "" narrows the streams; `=~".*"` never does. */
function selectsStreams(m: LabelMatcher): boolean {
  return !matchesMatcher(m, '');
}

function checkMatcherRegex(m: LabelMatcher): void {
  if (m.type === '=~' || m.type === '!~') compileAnchored(m.value);
}

function validateStage(stage: Stage): void {
  switch (stage.kind) {
    case 'lineFilter':
      if (stage.op === '|~' || stage.op === '!~') {
        for (const v of stage.values) if (!v.ip) compileAnchored(v.value);
      }
      return;
    case 'labelFilter':
      validateLabelFilter(stage.filter);
      return;
    case 'drop':
    case 'keep':
      for (const l of stage.labels) if (l.matcher) checkMatcherRegex(l.matcher);
      return;
    default:
      return;
  }
}

function validateLabelFilter(filter: LabelFilter): void {
  if (filter.kind === 'and' || filter.kind === 'or') {
    validateLabelFilter(filter.left);
    validateLabelFilter(filter.right);
  } else if (filter.kind === 'string') checkMatcherRegex(filter.matcher);
}
