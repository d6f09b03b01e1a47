// parseTraceql: TraceQL text to the typed tree, with Tempo-style errors that name the position and
// what was found there. Syntax comes from Grafana's Lezer grammar (@grafana/lezer-traceql).
import type { TraceqlQuery } from '../ast';
import { withLeadingZeros } from './leading-zero';
import { parseTree } from './lezer-tree';
import { TraceqlParseError } from './parse-error';
import { PipelineReader } from './pipeline-reader';

export function parseTraceql(query: string): TraceqlQuery {
  const normalised = withLeadingZeros(query);
  const text = normalised.text;
  const parsed = parseTree(text);
  if ('errorAt' in parsed) throw syntaxError(query, normalised.original(parsed.errorAt));
  const top = parsed.tree.topNode;
  const expr = top.getChild('SpansetPipelineExpression');
  if (!expr) throw syntaxError(query, 0);
  const reader = new PipelineReader(text, { query, original: normalised.original });
  const hints: Record<string, boolean> = {};
  for (const hint of top
    .getChild('WithHint')
    ?.getChild('HintParameters')
    ?.getChildren('HintParameter') ?? []) {
    const name = hint.getChild('HintIdentifier');
    const value = hint.getChild('HintValue');
    if (name && value)
      hints[text.slice(name.from, name.to)] = text.slice(value.from, value.to) === 'true';
  }
  return { expr: reader.expr(expr), hints };
}

/** Where the grammar could not go on, and the token found there (`$end` at the end). */
function syntaxError(query: string, at: number): TraceqlParseError {
  const rest = query.slice(at);
  const start = at + (rest.length - rest.trimStart().length);
  if (start >= query.length)
    return new TraceqlParseError('syntax error: unexpected $end', query.length, query);
  const token =
    /^("(?:[^"\\\n]|\\.)*"?|`[^`]*`?|[A-Za-z_.:$][\w.:$]*|[0-9.]+[A-Za-zµ]*|&&|\|\||[!&]?(?:>>|<<|[<>~])|[=!<>]=|=~|!~|.)/u.exec(
      query.slice(start),
    )?.[1] ?? '';
  if (
    (token.startsWith('"') && !/^"(?:[^"\\]|\\.)*"$/.test(token)) ||
    (token.startsWith('`') && (token.length < 2 || !token.endsWith('`')))
  ) {
    return new TraceqlParseError('syntax error: unexpected literal not terminated', start, query);
  }
  return new TraceqlParseError(`syntax error: unexpected ${token}`, start, query);
}
