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
  return `syntax error: unexpected ${text}`;
}
