/**
 * A query's regexes are compiled before it runs: DuckDB's RE2 reports a bad pattern only when a
 * row reaches it, and then in words that do not say it is a regex. A bad one is the query's
 * fault, 400, as Tempo answers (Go's regexp is RE2 too).
 */
import type { TraceqlQuery } from '@otel-lab/traceql';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import { TempoError } from '../tempo-error.js';

/** Every `=~`/`!~` pattern of the query: a walk over the whole tree, whatever holds them. */
export function regexPatterns(query: TraceqlQuery): string[] {
  const patterns = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const binary = node as { kind?: string; op?: string; left?: unknown; right?: unknown };
    if (binary.kind === 'binary' && (binary.op === '=~' || binary.op === '!~')) {
      for (const side of [binary.left, binary.right]) {
        const value = side as { kind?: string; type?: string; value?: unknown };
        if (value?.kind === 'static' && value.type === 'string') patterns.add(String(value.value));
      }
    }
    for (const child of Object.values(node)) walk(child);
  };
  walk(query.expr);
  return [...patterns];
}

/** 400 `invalid TraceQL query: error parsing regexp: …` for the first pattern RE2 refuses. */
export async function checkRegexes(pool: ReaderPool, query: TraceqlQuery): Promise<void> {
  for (const pattern of regexPatterns(query)) {
    try {
      await pool.use((c) => c.runAndReadAll("SELECT regexp_full_match('', $1)", [pattern]));
    } catch (error) {
      const message = (error as Error).message.replace(/^Invalid Input Error: /, '');
      throw new TempoError(400, `invalid TraceQL query: error parsing regexp: ${message}`);
    }
  }
}
