import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useRef } from 'preact/hooks';
import { queryHighlight } from './query-highlight.js';

/** A query language for the editor: its extensions, made once per editor, and their clean-up. */
export interface QueryLanguage {
  extensions: Extension[];
  destroy?(): void;
}

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Enter (Shift+Enter adds a line). */
  onRun: (text: string) => void;
  /** Called once, when the editor is made. */
  language: () => QueryLanguage;
  /** The editor's accessible name, e.g. "PromQL query". */
  label: string;
  placeholder: string;
}

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-content': { fontFamily: 'ui-monospace, monospace', caretColor: 'var(--fg)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg)' },
});

/** CodeMirror 6 for a one-query editor: history, brackets, completion, the page's colours. */
export function QueryEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    // The page's CSP (style-src 'self') blocks the <style> elements CodeMirror adds to a
    // document; in a shadow root it uses constructed style sheets, which the CSP allows.
    const element = host.current as HTMLDivElement;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const language = props.language();
    const run = (target: EditorView) => {
      callbacks.current.onRun(target.state.doc.toString());
      return true;
    };
    const editor = new EditorView({
      parent,
      root: shadow,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          history(),
          drawSelection(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(queryHighlight),
          placeholder(props.placeholder),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': props.label }),
          keymap.of([
            { key: 'Enter', run },
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...completionKeymap,
            ...lintKeymap,
          ]),
          ...language.extensions,
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
      language.destroy?.();
    };
  }, []);

  // A new value from outside (the URL, the metric browser) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === props.value) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: props.value },
      selection: { anchor: props.value.length },
    });
    editor.focus();
  }, [props.value]);

  return <div class="query-editor" ref={host} />;
}
