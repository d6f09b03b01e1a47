// One entry's labels while its pipeline runs, in Loki's three categories: the stream's index labels,
// structured metadata and parsed labels. A name lives in one category; parsed beats metadata beats
// stream, and the output keeps the categories apart for Loki's categorize-labels answers.
import type { Label, Labels } from '@otel-lab/promql';

export const ERROR_LABEL = '__error__';
export const ERROR_DETAILS_LABEL = '__error_details__';
/** Loki's suffix for an extracted label whose name the stream (or metadata) already has. */
export const DUPLICATE_SUFFIX = '_extracted';

export type LabelCategory = 'stream' | 'metadata' | 'parsed';

export interface CategorizedLabels {
  /** Index labels left after the pipeline (deleted or overridden ones removed), sorted. */
  readonly stream: Labels;
  readonly metadata: Labels;
  /** Parsed labels, with __error__ and __error_details__ when set, sorted. */
  readonly parsed: Labels;
}

export class LabelsBuilder {
  private readonly base = new Map<string, string>();
  /** Base labels deleted by drop/keep/label_format renames. */
  private readonly deleted = new Set<string>();
  private readonly metadata = new Map<string, string>();
  private readonly parsed = new Map<string, string>();
  err = '';
  errDetails = '';

  constructor(stream: Labels, metadata: Labels) {
    for (const l of stream) this.base.set(l.name, l.value);
    // Loki adds structured metadata with the duplicate suffix where a stream label has the name.
    for (const l of metadata) this.set('metadata', this.dedupName(l.name), l.value);
  }

  baseHas(name: string): boolean {
    return this.base.has(name);
  }

  /** The name a parser gives an extracted key: suffixed when the stream or the metadata has it. */
  dedupName(name: string): string {
    return this.base.has(name) || this.metadata.has(name) ? name + DUPLICATE_SUFFIX : name;
  }

  hasParsed(name: string): boolean {
    return this.parsed.has(name);
  }

  get(name: string): string | undefined {
    if (name === ERROR_LABEL) return this.err === '' ? undefined : this.err;
    if (name === ERROR_DETAILS_LABEL) return this.errDetails === '' ? undefined : this.errDetails;
    const value = this.parsed.get(name) ?? this.metadata.get(name);
    if (value !== undefined) return value;
    if (this.deleted.has(name)) return undefined;
    const v = this.base.get(name);
    // Loki reads an empty stream label as absent.
    return v === '' ? undefined : v;
  }

  category(name: string): LabelCategory | undefined {
    if (this.parsed.has(name)) return 'parsed';
    if (this.metadata.has(name)) return 'metadata';
    return this.base.has(name) && !this.deleted.has(name) ? 'stream' : undefined;
  }

  /** Sets a label; a name already held by a stronger category keeps that value (Loki's Set). */
  set(category: LabelCategory, name: string, value: string): void {
    // The error labels live apart, so an extracted `__error__` key cannot make a second one.
    if (name === ERROR_LABEL) this.err = value;
    else if (name === ERROR_DETAILS_LABEL) this.errDetails = value;
    else if (category === 'parsed') {
      this.metadata.delete(name);
      this.parsed.set(name, value);
    } else if (category === 'metadata') {
      if (!this.parsed.has(name)) this.metadata.set(name, value);
    } else if (!this.parsed.has(name) && !this.metadata.has(name)) {
      this.base.set(name, value);
      this.deleted.delete(name);
    }
  }

  delete(name: string): void {
    if (name === ERROR_LABEL) this.err = '';
    else if (name === ERROR_DETAILS_LABEL) this.errDetails = '';
    this.parsed.delete(name);
    this.metadata.delete(name);
    if (this.base.has(name)) this.deleted.add(name);
  }

  setError(kind: string, details?: string): void {
    this.err = kind;
    if (details !== undefined) this.errDetails = details;
  }

  /** Every label with its value, errors included (what templates and keep see). */
  all(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, value] of this.base) {
      if (!this.deleted.has(name)) out.set(name, value);
    }
    for (const [name, value] of this.metadata) out.set(name, value);
    for (const [name, value] of this.parsed) out.set(name, value);
    if (this.err !== '') out.set(ERROR_LABEL, this.err);
    if (this.errDetails !== '') out.set(ERROR_DETAILS_LABEL, this.errDetails);
    return out;
  }

  result(): CategorizedLabels {
    const stream: Label[] = [];
    for (const [name, value] of this.base) {
      if (!this.deleted.has(name) && !this.parsed.has(name) && !this.metadata.has(name)) {
        stream.push({ name, value });
      }
    }
    const parsed = toLabels(this.parsed);
    if (this.err !== '') parsed.push({ name: ERROR_LABEL, value: this.err });
    if (this.errDetails !== '') parsed.push({ name: ERROR_DETAILS_LABEL, value: this.errDetails });
    return {
      stream: sorted(stream),
      metadata: sorted(toLabels(this.metadata)),
      parsed: sorted(parsed),
    };
  }
}

function toLabels(map: Map<string, string>): Label[] {
  const out: Label[] = [];
  for (const [name, value] of map) out.push({ name, value });
  return out;
}

function sorted(labels: Label[]): Label[] {
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** All labels of a categorized set in one sorted list (Loki's plain form of a stream's labels). */
export function flattenLabels(labels: CategorizedLabels): Labels {
  return sorted([...labels.stream, ...labels.metadata, ...labels.parsed]);
}
