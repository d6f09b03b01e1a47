// Tempo's `=~` and `!~` are Prometheus' FastRegexMatcher: fully anchored, `.` matching newlines
// (`^(?s:…)$`), RE2 syntax. Compiled once per pattern per query.
import { RE2JS } from 're2js';
import { TraceqlEvalError } from './eval-error';

const MAX_PATTERNS = 256;

export class RegexCache {
  private readonly compiled = new Map<string, RE2JS>();

  /** Whether the whole of `value` matches `pattern`. */
  matches(pattern: string, value: string): boolean {
    return this.compile(pattern).matches(value);
  }

  compile(pattern: string): RE2JS {
    let re = this.compiled.get(pattern);
    if (!re) {
      try {
        re = RE2JS.compile(pattern, RE2JS.DOTALL);
      } catch (error) {
        throw new TraceqlEvalError(`error parsing regexp: ${(error as Error).message}`);
      }
      // Patterns read from attributes (`.a =~ .b`) could be unbounded: keep the cache small.
      if (this.compiled.size >= MAX_PATTERNS) this.compiled.clear();
      this.compiled.set(pattern, re);
    }
    return re;
  }
}
