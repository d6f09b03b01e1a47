// line_format, label_format, decolorize, drop and keep. A template that fails on an entry keeps the
// entry (and its old line or label) with __error__="TemplateFormatErr", as Loki.
import { matchesMatcher } from '@otel-lab/promql';
import type { LabelFormatItem, LabelSelector } from '../ast';
import { compileTemplate, TemplateError, TemplateExecError } from '../template/template';
import { ERROR_DETAILS_LABEL, ERROR_LABEL } from './labels-builder';
import { type EntryState, StageError, type StageFn, TEMPLATE_FORMAT_ERR } from './stage';

function templateOf(source: string, name: string, what: string) {
  try {
    return compileTemplate(source, name);
  } catch (error) {
    if (error instanceof TemplateError) throw new StageError(`${what}: ${error.message}`);
    throw error;
  }
}

function input(entry: EntryState) {
  return { labels: entry.labels.all(), line: entry.line, timestampNs: entry.timestampNs };
}

export function lineFormatStage(source: string): StageFn {
  const template = templateOf(source, 'line', 'invalid line template');
  return (entry) => {
    try {
      entry.line = template(input(entry));
    } catch (error) {
      if (!(error instanceof TemplateExecError)) throw error;
      entry.labels.setError(TEMPLATE_FORMAT_ERR, `template: line:1: ${error.message}`);
    }
    return true;
  };
}

export function labelFormatStage(items: readonly LabelFormatItem[]): StageFn {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.dst)) {
      throw new StageError(
        `multiple label name '${item.dst}' not allowed in a single format operation`,
      );
    }
    seen.add(item.dst);
  }
  const formats = items.map((item) =>
    item.kind === 'rename'
      ? item
      : {
          ...item,
          run: templateOf(item.template, 'label', `invalid template for label '${item.dst}'`),
        },
  );
  return (entry) => {
    // Templates read the labels as they were when the stage began (Loki builds the map once).
    let snapshot: ReturnType<typeof input> | undefined;
    for (const f of formats) {
      if (f.kind === 'rename') {
        const value = entry.labels.get(f.src);
        if (value !== undefined) {
          entry.labels.set('parsed', f.dst, value);
          if (f.src !== f.dst) entry.labels.delete(f.src);
        }
        continue;
      }
      snapshot ??= input(entry);
      try {
        entry.labels.set('parsed', f.dst, f.run(snapshot));
      } catch (error) {
        if (!(error instanceof TemplateExecError)) throw error;
        entry.labels.setError(TEMPLATE_FORMAT_ERR, `template: label:1: ${error.message}`);
      }
    }
    return true;
  };
}

/** ANSI colour sequences (ESC [ ... m): our own fixed pattern, not user input. */
const ansiColour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function decolorizeStage(): StageFn {
  return (entry) => {
    entry.line = entry.line.replace(ansiColour, '');
    return true;
  };
}

function matches(selector: LabelSelector, value: string): boolean {
  return selector.matcher ? matchesMatcher(selector.matcher, value) : true;
}

export function dropStage(selectors: readonly LabelSelector[]): StageFn {
  return (entry) => {
    const labels = entry.labels;
    for (const s of selectors) {
      const value =
        s.name === ERROR_LABEL
          ? labels.err
          : s.name === ERROR_DETAILS_LABEL
            ? labels.errDetails
            : labels.get(s.name);
      if (s.matcher ? matches(s, value ?? '') : value !== undefined || s.name === ERROR_LABEL) {
        labels.delete(s.name);
      }
    }
    return true;
  };
}

export function keepStage(selectors: readonly LabelSelector[]): StageFn {
  return (entry) => {
    const labels = entry.labels;
    for (const [name, value] of labels.all()) {
      if (name === ERROR_LABEL || name === ERROR_DETAILS_LABEL) continue;
      const keep = selectors.some((s) => s.name === name && matches(s, value));
      if (!keep) labels.delete(name);
    }
    return true;
  };
}
