// Unanchored RE2 searches (line filters, the regexp parser, template regex functions) on re2js, the
// engine behind @otel-lab/promql's compileAnchored: Go's syntax and flags (`.` does not match a
// newline unless (?s)), linear time. compileAnchored checks the pattern first, for Go's error text
// and the project's size limit.
import { compileAnchored, RegexSyntaxError } from '@otel-lab/promql';
import { RE2JS } from 're2js';

export type SearchRegex = RE2JS;

const cache = new Map<string, RE2JS>();
const CACHE_ENTRIES = 500;

export function compileSearch(pattern: string): SearchRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  compileAnchored(pattern);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    // compileAnchored accepts duplicate group names (Prometheus renames them); Go refuses them.
    throw new RegexSyntaxError(`error parsing regexp: ${(error as Error).message}`);
  }
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(pattern, re);
  return re;
}
