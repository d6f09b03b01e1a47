import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { QueryEditor, type QueryLanguage } from '../query-editor.js';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Enter (Shift+Enter adds a line). */
  onRun: (text: string) => void;
}

function promql(): QueryLanguage {
  const extension = new PromQLExtension().setComplete({
    remote: { url: '', httpMethod: 'GET', cache: { maxAge: 60_000 } },
  });
  return { extensions: [extension.asExtension()], destroy: () => extension.destroy() };
}

/**
 * The query editor with Prometheus's PromQL language: highlighting, lint (parse errors in place)
 * and completion of functions, metric names, labels and label values from this backend's /api/v1.
 */
export function PromqlEditor(props: Props) {
  return (
    <QueryEditor
      {...props}
      language={promql}
      label="PromQL query"
      placeholder="PromQL, e.g. rate(app_requests_total[5m]) (Enter runs it)"
    />
  );
}
