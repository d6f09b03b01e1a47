// parseExpr: LogQL text to the typed tree, with Loki's errors. Syntax comes from Grafana's Lezer
// grammar; the checks Loki makes after parsing (selectors that match everything, regexes, aggregation
// parameters, unwrap) are made here, so an accepted query can be evaluated.
import type { Expr } from '../ast';
import { parseTree } from './lezer-tree';
import { MetricReader } from './metric-reader';
import { LogqlParseError } from './parse-error';
import { validateExpr } from './validate';

/** Loki's limit on the query text (characters here, bytes there). */
export const MAX_QUERY_LENGTH = 131_072;

export interface ParseOptions {
  /**
   * false skips Loki's checks after parsing (as its ParseExprWithoutValidation): the tree of a query
   * Loki would refuse, such as `{a=""}`, for tools that only read queries. Default true.
   */
  readonly validate?: boolean;
}

export function parseExpr(query: string, options: ParseOptions = {}): Expr {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new LogqlParseError(`input size too long (${query.length} > ${MAX_QUERY_LENGTH})`);
  }
  if (query.trim() === '') throw new LogqlParseError('syntax error: unexpected $end');
  const parsed = parseTree(query);
  if ('errorAt' in parsed) {
    throw new LogqlParseError(syntaxError(query, parsed.errorAt), parsed.errorAt, query);
  }
  const top = parsed.tree.topNode.getChild('Expr');
  if (!top) throw new LogqlParseError('syntax error: unexpected $end', 0, query);
  const expr = new MetricReader(query).expr(top);
  if (options.validate !== false) validateExpr(expr, query);
  return expr;
}

/** Loki's yacc-style message naming what was found where the grammar could not go on. */
function syntaxError(query: string, at: number): string {
  const rest = query.slice(at);
  if (rest.trim() === '') return 'syntax error: unexpected $end';
  const token =
    /^\s*("(?:[^"\\\n]|\\.)*"?|`[^`]*`?|[A-Za-z_:][\w:]*|[0-9.]+[A-Za-z]*|[|!=~<>]=?|.)/u.exec(
      rest,
    );
  const text = token?.[1] ?? rest.trim()[0];
  if (text?.startsWith('"') && !/^"(?:[^"\\\n]|\\.)*"$/.test(text)) {
    return 'syntax error: unexpected literal not terminated';
  }
  return `syntax error: unexpected ${text}${hint(query.slice(0, at), text ?? '')}`;
}

/**
 * Lezer cuts its parse stack at a fixed depth, which Grafana's grammar reaches after about 300
 * chained binary operators, 500 `or`-ed label filters or 600 line filters; the parse then fails
 * there though the query is right. An error that far in says so.
 */
const DEEP_ERROR_OFFSET = 2500;

/**
 * Loki's own grammar takes label filters joined by a space (`| a > 1 b < 2`); Grafana's, which we
 * parse with, does not. Say so, rather than leave a bare syntax error.
 */
function hint(before: string, token: string): string {
  // The tail is enough to recognise a finished filter, and keeps the test linear on long stages.
  const stage = before.slice(before.lastIndexOf('|') + 1).slice(-300);
  const filterEnd =
    /[\w.:]+\s*(?:==|!=|>=|<=|=~|!~|[=<>])\s*(?:"(?:[^"\\]|\\.)*"|`[^`]*`|[-+\w.]+)\s*\)?\s*$/;
  if (/^[A-Za-z_(]/.test(token) && filterEnd.test(stage)) {
    return ': label filters joined by a space are not supported, join them with "and" or ","';
  }
  return before.length > DEEP_ERROR_OFFSET
    ? ' (if the query is right, it is longer than the grammar takes: at most about 300 chained operators, 500 or-ed label filters or 600 line filters)'
    : '';
}
