import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, keymap, placeholder } from '@codemirror/view';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { useEffect, useRef } from 'preact/hooks';
import { promqlHighlight } from './promql-highlight.js';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Enter (Shift+Enter adds a line). */
  onRun: (text: string) => void;
}

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-content': { fontFamily: 'ui-monospace, monospace', caretColor: 'var(--fg)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg)' },
});

/**
 * CodeMirror 6 with Prometheus's PromQL language: highlighting, lint (parse errors in place) and
 * completion of functions, metric names, labels and label values from this backend's /api/v1.
 */
export function PromqlEditor({ value, onChange, onRun }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    // The page's CSP (style-src 'self') blocks the <style> elements CodeMirror adds to a
    // document; in a shadow root it uses constructed style sheets, which the CSP allows.
    const element = host.current as HTMLDivElement;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const promql = new PromQLExtension().setComplete({
      remote: { url: '', httpMethod: 'GET', cache: { maxAge: 60_000 } },
    });
    const run = (target: EditorView) => {
      callbacks.current.onRun(target.state.doc.toString());
      return true;
    };
    const editor = new EditorView({
      parent,
      root: shadow,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          drawSelection(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(promqlHighlight),
          placeholder('PromQL, e.g. rate(app_requests_total[5m]) (Enter runs it)'),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'PromQL query' }),
          keymap.of([
            { key: 'Enter', run },
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...completionKeymap,
            ...lintKeymap,
          ]),
          promql.asExtension(),
          theme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      promql.destroy();
    };
  }, []);

  // A new value from outside (the URL, the metric browser) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: value },
      selection: { anchor: value.length },
    });
    editor.focus();
  }, [value]);

  return <div class="promql-editor" ref={host} />;
}
