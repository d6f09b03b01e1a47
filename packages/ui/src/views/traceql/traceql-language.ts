import { LanguageSupport, LRLanguage } from '@codemirror/language';
import { parser } from '@grafana/lezer-traceql';
import { styleTags, tags } from '@lezer/highlight';

/**
 * TraceQL for CodeMirror from Grafana's own grammar (@grafana/lezer-traceql). The package ships
 * the parser without highlighting props, so the node names are tagged here. Keywords the grammar
 * leaves unnamed (`by`, `select`) stay plain.
 */
const highlighting = styleTags({
  'AggregateExpression MetricsOperationBasicType MetricsOverTimeType MetricsAggregatorFunctionType':
    tags.function(tags.variableName),
  'IntrinsicField AttributeField': tags.labelName,
  String: tags.string,
  'Integer Float Duration': tags.number,
  // A value written without quotes: error, ok, server, true, nil …
  Static: tags.atom,
  LineComment: tags.lineComment,
  BlockComment: tags.blockComment,
  'FieldOp ComparisonOp ScalarOp': tags.operator,
  'And Or Gt Lt Desc Anc ExperimentalOp UnionStructuralOp Pipe': tags.logicOperator,
  '( )': tags.paren,
  '{ }': tags.brace,
});

export const traceqlLanguage = LRLanguage.define({
  name: 'traceql',
  parser: parser.configure({ props: [highlighting] }),
  languageData: {
    closeBrackets: { brackets: ['(', '{', '"', '`'] },
    commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
  },
});

export const traceql = () => new LanguageSupport(traceqlLanguage);
