import { LanguageSupport, LRLanguage } from '@codemirror/language';
import { parser } from '@grafana/lezer-logql';
import { styleTags, tags } from '@lezer/highlight';

/**
 * LogQL for CodeMirror from Grafana's own grammar (@grafana/lezer-logql). The package ships the
 * parser without highlighting props, so the node names are tagged here.
 */
const highlighting = styleTags({
  'Json Logfmt Unpack Pattern Regexp Unwrap LabelFormat LineFormat Decolorize Drop Keep':
    tags.operatorKeyword,
  'By Without On Ignoring GroupLeft GroupRight Bool Offset': tags.modifier,
  'And Or Unless': tags.logicOperator,
  [[
    'Sum Avg Count Max Min Stddev Stdvar Bottomk Topk Sort Sort_Desc Approx_Topk',
    'CountOverTime Rate RateCounter BytesOverTime BytesRate AvgOverTime SumOverTime MinOverTime',
    'MaxOverTime StddevOverTime StdvarOverTime QuantileOverTime FirstOverTime LastOverTime',
    'AbsentOverTime Vector LabelReplace BytesConv DurationConv DurationSecondsConv Ip',
    'ApproxCountDistinct',
  ].join(' ')]: tags.function(tags.variableName),
  'Identifier LabelName': tags.labelName,
  String: tags.string,
  'Number Duration Bytes': tags.number,
  LineComment: tags.lineComment,
  'PipeExact PipeMatch PipePattern Npa Pipe Eq Neq Re Nre Gtr Gte Lss Lte Eql': tags.operator,
  'Add Sub Mul Div Mod Pow': tags.arithmeticOperator,
  '( )': tags.paren,
  '{ }': tags.brace,
  '[ ]': tags.squareBracket,
});

export const logqlLanguage = LRLanguage.define({
  name: 'logql',
  parser: parser.configure({ props: [highlighting] }),
  languageData: {
    closeBrackets: { brackets: ['(', '[', '{', '"', '`'] },
    commentTokens: { line: '#' },
  },
});

export const logql = () => new LanguageSupport(logqlLanguage);
