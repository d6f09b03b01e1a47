/**
 * The template subset the lab's rule annotations may use: `$labels.name` and `$value`, piped to
 * one of Prometheus's humanize functions, or given to `printf`. The embedded backend's rule engine
 * will support at least these, and nothing here needs a query at evaluation time.
 */
const FIELD = String.raw`(?:\$labels\.[A-Za-z_]\w*|\$value)`;
const PIPED = new RegExp(
  String.raw`^${FIELD}(?:\s*\|\s*(?:humanize|humanizeDuration|humanizePercentage))?$`,
);
const PRINTF = new RegExp(String.raw`^printf\s+"[^"]*"(?:\s+${FIELD})+$`);

/** Each `{{ … }}` action in `text` that is outside the subset. */
export function templateProblems(text: string): string[] {
  const problems: string[] = [];
  for (const [, inner = ''] of text.matchAll(/\{\{-?(.*?)-?\}\}/gs)) {
    const action = inner.trim();
    if (!PIPED.test(action) && !PRINTF.test(action)) problems.push(`{{ ${action} }}`);
  }
  if (/\{\{(?![^{}]*\}\})/.test(text)) problems.push('an unclosed {{');
  return problems;
}
