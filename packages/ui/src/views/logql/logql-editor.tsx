import { QueryEditor, type QueryLanguage } from '../query-editor.js';
import { logqlCompletionSource } from './logql-completion.js';
import { logql, logqlLanguage } from './logql-language.js';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Enter (Shift+Enter adds a line). */
  onRun: (text: string) => void;
  /** The page's range in epoch seconds, for the label names and values completion offers. */
  range: () => { start: number; end: number };
}

/** The query editor with LogQL: lezer-logql's grammar highlighted, labels and words completed. */
export function LogqlEditor({ range, ...props }: Props) {
  const language = (): QueryLanguage => ({
    extensions: [logql(), logqlLanguage.data.of({ autocomplete: logqlCompletionSource(range) })],
  });
  return (
    <QueryEditor
      {...props}
      language={language}
      label="LogQL query"
      placeholder='LogQL, e.g. {service_name="demo-app"} |= "order" (Enter runs it)'
    />
  );
}
