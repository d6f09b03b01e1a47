import { HighlightStyle } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/**
 * The query editors' token colours (PromQL, LogQL) as the page's CSS variables, so the editors
 * follow the light and dark themes (CodeMirror's default style is fixed light colours). The
 * variables reach into the editor's shadow root because custom properties inherit.
 */
export const queryHighlight = HighlightStyle.define([
  { tag: tags.function(tags.variableName), color: 'var(--syntax-function)' },
  {
    tag: [tags.operatorKeyword, tags.modifier, tags.logicOperator],
    color: 'var(--syntax-keyword)',
  },
  { tag: tags.labelName, color: 'var(--syntax-label)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: tags.number, color: 'var(--syntax-number)' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--error)' },
]);
