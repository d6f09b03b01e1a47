// Tempo's `=~` and `!~` are Prometheus' FastRegexMatcher: fully anchored, `.` matching newlines
// (`^(?s:…)$`), RE2 syntax. Compiled once per pattern per query; like Tempo, results are memoised
// per value (attribute values repeat across spans), up to a bound.
import { RE2JS } from 're2js';
import { TraceqlEvalError } from './eval-error';

const MAX_PATTERNS = 256;
const MAX_MEMO = 1000;

interface Compiled {
  readonly re: RE2JS;
  readonly memo: Map<string, boolean>;
}

export class RegexCache {
  private readonly compiled = new Map<string, Compiled>();

  /** Whether the whole of `value` matches `pattern`. */
  matches(pattern: string, value: string): boolean {
    const { re, memo } = this.compile(pattern);
    let hit = memo.get(value);
    if (hit === undefined) {
      hit = re.matches(value);
      if (memo.size < MAX_MEMO) memo.set(value, hit);
    }
    return hit;
  }

  /** Compiles (or finds) the pattern; a bad one is a TraceqlEvalError with RE2's message. */
  compile(pattern: string): Compiled {
    let entry = this.compiled.get(pattern);
    if (!entry) {
      let re: RE2JS;
      try {
        re = RE2JS.compile(pattern, RE2JS.DOTALL);
      } catch (error) {
        throw new TraceqlEvalError(`error parsing regexp: ${(error as Error).message}`);
      }
      // Patterns read from attributes (`.a =~ .b`) could be unbounded: keep the cache small.
      if (this.compiled.size >= MAX_PATTERNS) this.compiled.clear();
      entry = { re, memo: new Map() };
      this.compiled.set(pattern, entry);
    }
    return entry;
  }
}
