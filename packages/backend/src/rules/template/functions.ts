/**
 * The functions rule templates may call. Prometheus defines more (query, first, label, value,
 * sortByLabel, safeHtml, …): a template that names one is refused when it is compiled, since
 * this lab's rule engine expands templates without running queries.
 */
import { RE2JS } from 're2js';
import { sprintf } from './go-printf.js';
import { type GoValue, typeName } from './go-value.js';
import {
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
} from './humanize.js';

/** A fixed-arity function (comparisons and logic live in the executor). */
/** Arguments, already checked against the arity (so the first three can be read). */
export type Args = [GoValue, GoValue, GoValue, ...GoValue[]];

interface Fn {
  arity: number | 'variadic';
  call(args: Args): GoValue;
}

const str = (v: GoValue): string => {
  if (typeof v !== 'string') {
    throw new Error(`wrong type for value; expected string; got ${typeName(v)}`);
  }
  return v;
};

/** Go's Regexp.Expand of a replacement: $1, ${1}, $name, ${name}, $$. */
function expandReplacement(repl: string, group: (name: string) => string): string {
  return repl.replace(/\$(\$|\{(\w+)\}|(\w+))?/g, (all, dollar, braced, bare) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare;
    return name === undefined ? all : group(name);
  });
}

/** Compiled patterns, most recent last; a pattern built from labels may vary, so the cache is bounded. */
const compiled = new Map<string, RE2JS>();
const CACHE_SIZE = 256;

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (re) compiled.delete(pattern);
  else re = RE2JS.compile(pattern);
  compiled.set(pattern, re);
  if (compiled.size > CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
  return re;
}

function reReplaceAll(pattern: string, repl: string, text: string): string {
  const re = compile(pattern);
  const names = re.namedGroups();
  const m = re.matcher(text);
  let out = '';
  let last = 0;
  let from = 0;
  while (from <= text.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    out += text.slice(last, start);
    out += expandReplacement(repl, (name) => {
      const index = /^\d+$/.test(name) ? Number(name) : names[name];
      if (index === undefined || index > m.groupCount()) return '';
      return m.group(index) ?? '';
    });
    last = end;
    from = end === start ? end + 1 : end;
  }
  return out + text.slice(last);
}

/** Go's strings.Title, which Prometheus 2's `title` is: a letter after a separator goes upper case. */
function title(s: string): string {
  let out = '';
  let prev = ' ';
  for (const ch of s) {
    const separator =
      prev <= '\x7f'
        ? !/[A-Za-z0-9_]/.test(prev)
        : !/[\p{L}\p{Nd}]/u.test(prev) && /\s/u.test(prev);
    out += separator ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

export const FUNCTIONS: Record<string, Fn> = {
  humanize: { arity: 1, call: ([v]) => humanize(v) },
  humanize1024: { arity: 1, call: ([v]) => humanize1024(v) },
  humanizeDuration: { arity: 1, call: ([v]) => humanizeDuration(v) },
  humanizePercentage: { arity: 1, call: ([v]) => humanizePercentage(v) },
  humanizeTimestamp: { arity: 1, call: ([v]) => humanizeTimestamp(v) },
  title: { arity: 1, call: ([v]) => title(str(v)) },
  toUpper: { arity: 1, call: ([v]) => str(v).toUpperCase() },
  toLower: { arity: 1, call: ([v]) => str(v).toLowerCase() },
  reReplaceAll: { arity: 3, call: ([p, r, t]) => reReplaceAll(str(p), str(r), str(t)) },
  printf: { arity: 'variadic', call: ([f, ...args]) => sprintf(str(f), args) },
};

/** Comparison and logic builtins of text/template, handled by the executor. */
export const BUILTINS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'not']);

/** Functions Go or Prometheus define that this subset refuses, named in the error. */
export const REFUSED = new Set([
  'query',
  'first',
  'label',
  'value',
  'strvalue',
  'args',
  'safeHtml',
  'match',
  'graphLink',
  'tableLink',
  'sortByLabel',
  'stripPort',
  'stripDomain',
  'toTime',
  'toDuration',
  'now',
  'pathPrefix',
  'externalURL',
  'parseDuration',
  'urlQueryEscape',
  'tmpl',
  'call',
  'html',
  'index',
  'js',
  'len',
  'print',
  'println',
  'slice',
  'urlquery',
]);

export const SUPPORTED = [...Object.keys(FUNCTIONS), ...BUILTINS];
