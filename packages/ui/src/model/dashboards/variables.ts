import type { TemplateVariable } from './grafana-types.js';

/** Grafana's marker for "All" among a variable's values. */
export const ALL = '$__all';

/** `label_values(metric, label)` or `label_values(label)`: the series selector (maybe '') and label. */
export function parseLabelValues(query: string): { match: string; label: string } | null {
  const m = /^\s*label_values\s*\(\s*(?:(.*?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(
    query,
  );
  return m ? { match: m[1] ?? '', label: m[2] as string } : null;
}

/** The query text of a variable, whichever shape the file uses. */
export function variableQuery(variable: TemplateVariable): string {
  const q = variable.query;
  if (typeof q === 'string') return q;
  return q?.query ?? variable.definition ?? '';
}

/** The selected values: from the URL if given, else the dashboard's `current`, else All or the first. */
export function selectedValues(
  variable: TemplateVariable,
  fromUrl: readonly string[],
  options: readonly string[],
): string[] {
  if (fromUrl.length) return variable.multi ? [...fromUrl] : fromUrl.slice(0, 1);
  const current = variable.current?.value;
  const values = current === undefined ? [] : Array.isArray(current) ? current : [current];
  if (values.length) return values.map((v) => (v === 'All' ? ALL : v));
  if (variable.includeAll) return [ALL];
  return options.length ? [options[0] as string] : [];
}

const escapeRegex = (value: string) => value.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&');

/**
 * The text a variable stands for in PromQL, as Grafana's Prometheus data source writes it: All is the
 * variable's allValue (else every option), several values become an escaped regex alternation.
 */
export function variableText(
  variable: TemplateVariable,
  values: readonly string[],
  options: readonly string[],
): string {
  if (values.includes(ALL)) {
    if (variable.allValue) return variable.allValue;
    return alternation(options);
  }
  if (!variable.multi && !variable.includeAll) return values[0] ?? '';
  return alternation(values);
}

function alternation(values: readonly string[]): string {
  const escaped = values.map(escapeRegex);
  return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join('|')})`;
}

/** Values of the built-in variables for a query over `rangeSeconds` with `stepSeconds` between points. */
export function builtins(
  rangeSeconds: number,
  stepSeconds: number,
  scrapeSeconds = 15,
): Record<string, string> {
  const rate = Math.max(stepSeconds + scrapeSeconds, 4 * scrapeSeconds);
  return {
    __interval: `${stepSeconds}s`,
    __interval_ms: String(stepSeconds * 1000),
    __rate_interval: `${rate}s`,
    __range: `${Math.round(rangeSeconds)}s`,
    __range_s: String(Math.round(rangeSeconds)),
    __range_ms: String(Math.round(rangeSeconds * 1000)),
  };
}

/**
 * `$var`, `${var}`, `${var:format}` (format ignored) and `[[var]]` replaced by their text; unknown names
 * stay as written so the query's error shows them.
 */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]|\$([A-Za-z0-9_]+)/g,
    (whole, braced?: string, bracketed?: string, bare?: string) => {
      const name = (braced ?? bracketed ?? bare) as string;
      return Object.hasOwn(values, name) ? (values[name] as string) : whole;
    },
  );
}

/** Grafana-like step: about `points` points over the range, at least `minStep`, whole seconds. */
export function queryStep(rangeSeconds: number, points = 300, minStep = 15): number {
  return Math.max(minStep, Math.ceil(rangeSeconds / points));
}
