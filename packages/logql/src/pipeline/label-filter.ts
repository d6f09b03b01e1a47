// Label filters as Loki runs them: strings compare (a missing label is ""), numbers, durations and
// byte sizes parse the label's value; a missing label drops the entry, a value that does not parse
// keeps it with __error__="LabelFilterErr". `or` stops at the first match, `and` runs both sides.
import { matchesMatcher } from '@otel-lab/promql';
import type { CompareOp, LabelFilter } from '../ast';
import { parseBytes, parseFloatGo, parseGoDurationNs } from '../parse/literals';
import { compileIpPattern } from './ip-match';
import { ERROR_LABEL, type LabelsBuilder } from './labels-builder';
import { LABEL_FILTER_ERR } from './stage';

export type LabelTest = (labels: LabelsBuilder) => boolean;

export function compileLabelFilter(filter: LabelFilter): LabelTest {
  switch (filter.kind) {
    case 'and': {
      const left = compileLabelFilter(filter.left);
      const right = compileLabelFilter(filter.right);
      return (labels) => {
        const l = left(labels);
        const r = right(labels);
        return l && r;
      };
    }
    case 'or': {
      const left = compileLabelFilter(filter.left);
      const right = compileLabelFilter(filter.right);
      return (labels) => left(labels) || right(labels);
    }
    case 'string': {
      const m = filter.matcher;
      return (labels) =>
        matchesMatcher(m, m.name === ERROR_LABEL ? labels.err : (labels.get(m.name) ?? ''));
    }
    case 'number':
      return compareWith(filter.name, filter.op, filter.value, (v) =>
        parsed(parseFloatGo(v), `strconv.ParseFloat: parsing ${goQuote(v)}: invalid syntax`),
      );
    case 'duration':
      return compareWith(filter.name, filter.op, filter.valueNs, (v) =>
        parsed(
          parseGoDurationNs(v),
          /^[-+]?[\d.]+$/.test(v)
            ? `time: missing unit in duration ${goQuote(v)}`
            : `time: invalid duration ${goQuote(v)}`,
        ),
      );
    case 'bytes':
      return compareWith(filter.name, filter.op, filter.value, (v) =>
        parsed(parseBytes(v), bytesError(v)),
      );
    case 'ip': {
      const test = compileIpPattern(filter.pattern);
      const want = filter.op === '=';
      return (labels) => {
        // Loki's ip() filter lets an entry with an error through: only string filters drop those.
        if (labels.err !== '') return true;
        const value = labels.get(filter.name);
        return value !== undefined && test(value) === want;
      };
    }
  }
}

type Parsed<T> = { value: T } | { error: string };

function parsed<T>(value: T | undefined, error: string): Parsed<T> {
  return value === undefined ? { error } : { value };
}

function compareWith<T extends number | bigint>(
  name: string,
  op: CompareOp,
  want: T,
  parse: (v: string) => Parsed<T>,
): LabelTest {
  return (labels) => {
    const raw = labels.get(name);
    if (raw === undefined) return false;
    const got = parse(raw);
    if ('error' in got) {
      if (labels.err === '') labels.setError(LABEL_FILTER_ERR, got.error);
      return true;
    }
    return compare(got.value, op, want);
  };
}

function compare<T extends number | bigint>(a: T, op: CompareOp, b: T): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** go-humanize's ParseBytes errors: no number, or a unit it does not know. */
function bytesError(v: string): string {
  const t = v.trimStart();
  let i = 0;
  while (i < t.length && '0123456789.,'.includes(t[i] as string)) i++;
  return i > 0
    ? `unhandled size name: ${t.slice(i).trimStart().toLowerCase()}`
    : 'strconv.ParseFloat: parsing "": invalid syntax';
}

/** Go's %q of a string, near enough for error details (JSON's quoting). */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}
