import { QueryEditor, type QueryLanguage } from '../query-editor.js';
import { traceqlCompletionSource } from './traceql-completion.js';
import { traceql, traceqlLanguage } from './traceql-language.js';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Enter (Shift+Enter adds a line). */
  onRun: (text: string) => void;
  /** The page's range in epoch seconds, for the names and values completion offers. */
  range: () => { start: number; end: number };
}

/** The query editor with TraceQL: lezer-traceql's grammar highlighted, attributes completed. */
export function TraceqlEditor({ range, ...props }: Props) {
  const language = (): QueryLanguage => ({
    extensions: [
      traceql(),
      traceqlLanguage.data.of({ autocomplete: traceqlCompletionSource(range) }),
    ],
  });
  return (
    <QueryEditor
      {...props}
      language={language}
      label="TraceQL query"
      placeholder='TraceQL, e.g. { resource.service.name = "demo-app" && duration > 500ms } (Enter runs it)'
    />
  );
}
