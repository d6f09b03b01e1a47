/**
 * Attributes as Loki labels: each key through lokiLabelName, a map value flattened into one
 * label per leaf (`parent_child`), every other value as its text (a list as JSON). A key that
 * names no label is left out with what is under it.
 */

import type { OtlpJsonKeyValue, OtlpJsonValue } from '../storage/compact-attributes.js';
import { anyValueText } from './any-value-text.js';
import { lokiLabelName } from './label-name.js';

export interface NamedValue {
  name: string;
  value: string;
}

export function flattenAttribute(
  key: string,
  value: OtlpJsonValue | undefined,
  out: NamedValue[],
  prefix = '',
): void {
  const name = lokiLabelName(prefix === '' ? key : `${prefix}_${key}`);
  // A key without a letter or digit names no label (Loki refuses such a record).
  if (name === '') return;
  const map = value?.kvlistValue;
  if (map) {
    for (const kv of map.values ?? []) flattenAttribute(kv.key, kv.value, out, name);
    return;
  }
  out.push({ name, value: anyValueText(value) });
}

export function flattenAttributes(list: readonly OtlpJsonKeyValue[] | undefined): NamedValue[] {
  const out: NamedValue[] = [];
  for (const kv of list ?? []) flattenAttribute(kv.key, kv.value, out);
  return out;
}
