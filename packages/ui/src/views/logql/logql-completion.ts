import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { logqlCompletion } from '../../model/logql/completion-context.js';
import { logqlString } from '../../model/logql/from-filters.js';
import { FUNCTION_WORDS, PIPELINE_WORDS, type Word } from './logql-vocabulary.js';
import { fetchLabels, fetchLabelValues } from './loki-api.js';

/** Label names and values are asked again after a minute, not on every key. */
const CACHE_MS = 60_000;

const words = (list: Word[], type: string): Completion[] =>
  list.map((w) => ({ label: w.label, type, info: w.info }));
const FUNCTIONS = words(FUNCTION_WORDS, 'function');
const PIPELINE = words(PIPELINE_WORDS, 'keyword');

/**
 * The LogQL editor's completion: label names and values from this backend's Loki API
 * (/loki/api/v1/labels, /label/{name}/values over the page's range), the pipeline's keywords
 * after `|`, functions where an expression starts. `range` gives the range in epoch seconds.
 */
export function logqlCompletionSource(range: () => { start: number; end: number }) {
  const cache = new Map<string, { at: number; names: Promise<string[]> }>();
  const cached = (key: string, load: () => Promise<string[]>) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.names;
    const names = load().catch(() => [] as string[]); // no completion beats an error popup
    cache.set(key, { at: Date.now(), names });
    return names;
  };
  const labels = async () => {
    const { start, end } = range();
    return [...(await cached('', () => fetchLabels(start, end)))];
  };
  const values = (name: string) => {
    const { start, end } = range();
    return cached(`=${name}`, () => fetchLabelValues(name, start, end));
  };

  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const at = logqlCompletion(context.state.doc.toString(), context.pos);
    if (!at) return null;
    // A word typed so far, or an explicit request (Ctrl+Space) where none is typed yet.
    if (at.from === context.pos && !context.explicit && at.kind === 'function') return null;
    switch (at.kind) {
      case 'label-name':
      case 'grouping': {
        const names = await labels();
        // A metric query groups by detected_level too (structured metadata, not an index label).
        if (at.kind === 'grouping' && !names.includes('detected_level'))
          names.push('detected_level');
        const options = names.map((label) => ({ label, type: 'property' }));
        return { from: at.from, options, validFor: /^\w*$/ };
      }
      case 'label-value': {
        const found = await values(at.label);
        const options = found.map((value) => ({
          label: value,
          type: 'text',
          // Inside the quotes the value is written as it is, escaped; before them, quoted.
          apply: at.quoted ? logqlString(value).slice(1, -1) : logqlString(value),
        }));
        return { from: at.from, options, validFor: at.quoted ? /^[^"`]*$/ : /^\w*$/ };
      }
      case 'pipeline':
        return { from: at.from, options: PIPELINE, validFor: /^\w*$/ };
      case 'function':
        return { from: at.from, options: FUNCTIONS, validFor: /^\w*$/ };
    }
  };
}
