import type { Tree } from '@lezer/common';

/**
 * What a LogQL query asks, read with Grafana's own grammar: a log query answers lines (and gets a
 * volume above them), a metric query answers a matrix (a graph). A query that does not parse is
 * sent as it is, so the API's error, with its position, is what the user reads. The tree is
 * @grafana/lezer-logql's parse of the text, passed in: the browser imports that package as an ES
 * module, the node tests require it.
 */
export type QueryKind = 'log' | 'metric' | 'invalid';

const PARSER_STAGES = new Set([
  'JsonExpressionParser',
  'LabelParser',
  'LogfmtParser',
  'LogfmtExpressionParser',
]);

export interface QueryShape {
  kind: QueryKind;
  /** A parser stage (json, logfmt, regexp, pattern, unpack) that may set __error__. */
  parses: boolean;
  /** A `# comment`, which runs to the end of its line. */
  comments: boolean;
}

export function queryShape(text: string, tree: Tree): QueryShape {
  let invalid = false;
  let parses = false;
  let comments = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) invalid = true;
      else if (PARSER_STAGES.has(node.name)) parses = true;
      else if (node.name === 'LineComment') comments = true;
    },
  });
  const top = tree.topNode.firstChild?.firstChild?.name;
  const kind = invalid || !text.trim() ? 'invalid' : top === 'MetricExpr' ? 'metric' : 'log';
  return { kind, parses, comments };
}

/**
 * The log volume of a log query, as Grafana's Explore asks it: its lines counted per step by
 * detected_level. The whole query is counted, pipeline included, so the bars add up to the lines
 * the query keeps; a parser's __error__ is dropped so it cannot split or fail the count, and a
 * comment is ended by a newline before the range.
 */
export function volumeQuery(text: string, shape: QueryShape, stepSeconds: number): string {
  const body = `${text.trim()}${shape.parses ? ' | drop __error__' : ''}${shape.comments ? '\n' : ''}`;
  return `sum by (detected_level) (count_over_time(${body}[${stepSeconds}s]))`;
}

/** Steps a bar may cover: whole, readable units. */
const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

/** The volume's step: the shortest of STEPS that keeps the range within `maxBars` bars. */
export function volumeStep(rangeSeconds: number, maxBars = 120): number {
  const wanted = rangeSeconds / maxBars;
  return STEPS.find((step) => step >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}
