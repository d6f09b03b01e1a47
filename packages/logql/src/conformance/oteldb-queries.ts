// oteldb's compliance queries (logql-test-queries.yml): 98 query templates, each expanded as oteldb's
// tester does, over every combination of the variant values its templates name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from './shared-data';

export const queriesFile = 'oteldb/logql-test-queries.yml';

/** The values oteldb's tester substitutes (internal/lokicompliance/expand.go). */
const variants: Readonly<Record<string, readonly string[]>> = {
  range: ['1s', '15s', '1m', '5m', '15m', '1h'],
  offset: ['1s', '5s', '15s'],
  topN: ['1', '2', '5', '10'],
  quantile: ['0.1', '0.5', '0.75', '0.95', '0.90', '0.99', '1', '1.5'],
  simpleRangeAggOp: ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate'],
  unwrapRangeAggOp: [
    'rate_counter',
    'avg_over_time',
    'sum_over_time',
    'min_over_time',
    'max_over_time',
    'stdvar_over_time',
    'stddev_over_time',
    'first_over_time',
    'last_over_time',
  ],
  groupRangeAggOp: [
    'avg_over_time',
    'stddev_over_time',
    'stdvar_over_time',
    'max_over_time',
    'min_over_time',
    'first_over_time',
    'last_over_time',
  ],
  unwrapExpr: ['unwrap status', 'unwrap duration(took)', 'unwrap bytes(size)'],
  unwrapLabels: ['status,took,size'],
  simpleVecAggOp: ['sum', 'avg', 'max', 'min', 'count', 'stddev', 'stdvar'],
  sortVecAggOp: ['sort', 'sort_desc'],
  topBottomVecAggOp: ['topk', 'bottomk'],
  cmpBinOp: ['==', '!=', '>', '>=', '<', '<='],
};

export interface QueryTemplate {
  /** 1-based position in the file. */
  readonly index: number;
  readonly template: string;
  readonly shouldBeEmpty: boolean;
  readonly queries: readonly string[];
}

/** The `- query:` items of the file: single-quoted, double-quoted or `|-` block scalars. */
export function readQueryTemplates(): QueryTemplate[] {
  const lines = readFileSync(join(conformanceDir, queriesFile), 'utf8').split('\n');
  const out: QueryTemplate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {2}- query: (.*)$/.exec(lines[i] as string);
    if (!m) continue;
    let template: string;
    const head = m[1] as string;
    if (head === '|-') {
      const body: string[] = [];
      while (
        i + 1 < lines.length &&
        /^ {6}|^\s*$/.test(lines[i + 1] as string) &&
        !/^ {2}-/.test(lines[i + 1] as string)
      ) {
        body.push((lines[++i] as string).slice(6));
      }
      template = body.join('\n').trimEnd();
    } else if (head.startsWith("'")) template = head.slice(1, -1).replaceAll("''", "'");
    else template = JSON.parse(head) as string;
    const shouldBeEmpty = /^\s+should_be_empty: true/.test(lines[i + 1] ?? '');
    out.push({ index: out.length + 1, template, shouldBeEmpty, queries: expand(template) });
  }
  return out;
}

/** Go-template expansion as the tester's: `{{ .name }}` over the variants, `{{ "x" | quote }}`. */
export function expand(template: string): string[] {
  // Quoted output is literal text: set aside while the variables are substituted.
  const literals: string[] = [];
  const quoted = template.replace(/\{\{ "((?:[^"\\]|\\.)*)" \| quote \}\}/g, (_, s: string) => {
    literals.push(JSON.stringify(JSON.parse(`"${s}"`) as string));
    return `@@quoted${literals.length - 1}@@`;
  });
  const names = [...new Set([...quoted.matchAll(/\{\{ \.(\w+) \}\}/g)].map((m) => m[1] as string))];
  let results = [quoted];
  for (const name of names) {
    const values = variants[name];
    if (!values) throw new Error(`no variants for ${name}`);
    results = results.flatMap((q) => values.map((v) => q.replaceAll(`{{ .${name} }}`, v)));
  }
  return results.map((q) =>
    q.replace(/@@quoted(\d+)@@/g, (_, i: string) => literals[Number(i)] as string),
  );
}
