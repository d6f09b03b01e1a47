/**
 * The Go values a rule template handles: strings, float64 (the sample value), untyped integer
 * constants (Go keeps them as int), booleans, the label maps and the template's data struct.
 */
import { formatFloat } from './go-float.js';

/** An integer constant such as `3` in `printf "%d" 3`, an int in Go and not a float64. */
export class GoInt {
  constructor(readonly v: number) {}
}

/** The data Prometheus hands to alert and recording-rule templates. */
export interface TemplateData {
  labels: Record<string, string>;
  externalLabels: Record<string, string>;
  value: number;
  externalURL: string;
}

export class GoMap {
  constructor(readonly entries: Record<string, string>) {}
}

export class GoStruct {
  constructor(readonly data: TemplateData) {}
}

export type GoValue = string | number | boolean | GoInt | GoMap | GoStruct | null;

export function typeName(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoMap) return 'map[string]string';
  if (v instanceof GoStruct) return 'template.AlertTemplateData';
  return 'nil';
}

/** Go template truth: false, zero, empty and nil are false. */
export function isTrue(v: GoValue): boolean {
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (v instanceof GoInt) return v.v !== 0;
  if (v instanceof GoMap) return Object.keys(v.entries).length > 0;
  return v instanceof GoStruct;
}

const mapText = (m: Record<string, string>) =>
  `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${m[k]}`)
    .join(' ')}]`;

/** fmt's %v, which is also how `{{ x }}` prints x. */
export function formatV(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof GoInt) return String(v.v);
  if (v instanceof GoMap) return mapText(v.entries);
  if (v instanceof GoStruct) {
    const d = v.data;
    return `{${mapText(d.labels)} ${mapText(d.externalLabels)} ${d.externalURL} ${formatV(d.value)}}`;
  }
  return '<nil>';
}
