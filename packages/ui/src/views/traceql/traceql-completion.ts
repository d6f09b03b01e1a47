import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { type AttributeScope, traceqlCompletion } from '../../model/traceql/completion-context.js';
import { traceqlField, traceqlString } from '../../model/traceql/traceql-string.js';
import { fetchTagScopes, fetchTagValues, type TagScopes, type TagValue } from './tempo-api.js';
import { FALLBACK_INTRINSICS, PIPELINE_WORDS } from './traceql-vocabulary.js';

/** Names and values are asked again after a minute, not on every key. */
const CACHE_MS = 60_000;
/** The tag endpoints read at most a week (Tempo's limit); a longer page range asks for its end. */
const MAX_TAG_SECONDS = 168 * 3600;

const PIPELINE: Completion[] = PIPELINE_WORDS.map((w) => ({
  label: w.label,
  type: 'function',
  info: w.info,
  apply: w.apply ?? w.label,
}));

function attributeOptions(scopes: TagScopes, scope: AttributeScope): Completion[] {
  const fields = (prefix: 'span' | 'resource' | '', names: string[], detail: string) =>
    names.map((name) => ({ label: traceqlField(prefix, name), type: 'property', detail }));
  switch (scope) {
    case 'span':
      return fields('span', scopes.span, 'span');
    case 'resource':
      return fields('resource', scopes.resource, 'resource');
    case 'unscoped':
      return [...fields('', scopes.span, 'span'), ...fields('', scopes.resource, 'resource')];
    case 'any': {
      const intrinsics = scopes.intrinsic.length > 0 ? scopes.intrinsic : FALLBACK_INTRINSICS;
      return [
        ...intrinsics.map((label) => ({ label, type: 'keyword', detail: 'intrinsic' })),
        ...fields('resource', scopes.resource, 'resource'),
        ...fields('span', scopes.span, 'span'),
      ];
    }
  }
}

/** A value as it is written: strings quoted (or escaped inside open quotes), the rest bare. */
function valueOption(value: TagValue, quoted: boolean): Completion {
  const literal = value.type === 'string' ? traceqlString(value.value) : value.value;
  const apply = quoted && literal.startsWith('"') ? literal.slice(1, -1) : literal;
  return { label: value.value, type: value.type === 'string' ? 'text' : 'constant', apply };
}

/**
 * The TraceQL editor's completion: attribute names by scope and their values from this
 * backend's Tempo tag endpoints over the page's range (values narrowed by the conditions before
 * them in the filter), the pipeline's operations after `|`.
 * `range` gives the range in epoch seconds.
 */
export function traceqlCompletionSource(range: () => { start: number; end: number }) {
  const cache = new Map<string, { at: number; answer: Promise<unknown> }>();
  const cached = <T>(key: string, load: () => Promise<T>, fallback: T): Promise<T> => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.answer as Promise<T>;
    const answer = load().catch(() => fallback); // no completion beats an error popup
    cache.set(key, { at: Date.now(), answer });
    return answer;
  };
  const window = () => {
    const { start, end } = range();
    return { start: Math.max(start, end - MAX_TAG_SECONDS), end };
  };
  const scopes = () => {
    const { start, end } = window();
    return cached('', () => fetchTagScopes(start, end), { span: [], resource: [], intrinsic: [] });
  };
  const values = (field: string, narrow: string | undefined) => {
    const { start, end } = window();
    const key = `${field}=${narrow ?? ''}`;
    return cached(key, () => fetchTagValues(field, start, end, narrow), [] as TagValue[]);
  };

  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const at = traceqlCompletion(context.state.doc.toString(), context.pos);
    if (!at) return null;
    switch (at.kind) {
      case 'attribute':
        return {
          from: at.from,
          options: attributeOptions(await scopes(), at.scope),
          validFor: /^[\w.\-/:]*$/,
        };
      case 'value': {
        const found = await values(at.field, at.narrow);
        const options = found.map((v) => valueOption(v, at.quoted));
        return { from: at.from, options, validFor: at.quoted ? /^[^"`]*$/ : /^[\w.-]*$/ };
      }
      case 'pipeline':
        // After `| ` only on a typed word or Ctrl+Space: a pipe may start a structural query too.
        if (at.from === context.pos && !context.explicit) return null;
        return { from: at.from, options: PIPELINE, validFor: /^\w*$/ };
    }
  };
}
