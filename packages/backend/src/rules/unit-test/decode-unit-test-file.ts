import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { sortedLabels } from '../../metrics/sample';
import { parsePrometheusDuration } from '../prometheus-duration';
import type {
  AlertTestCase,
  ExpectedAlert,
  ExpectedSample,
  InputSeries,
  PromqlTestCase,
  TestGroup,
  UnitTestFile,
} from './unit-test-file';

/**
 * Decodes a unit-test file as promtool does with yaml.v2's UnmarshalStrict: unknown fields and
 * values of the wrong type are collected into one "yaml: unmarshal errors:" message with their
 * lines and Go's type names; a bad duration stops decoding with its own message.
 */
export function decodeUnitTestFile(
  text: string,
  options: { ignoreUnknownFields?: boolean } = {},
): UnitTestFile | Error {
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0] as { pos: [number, number]; message: string };
    return new Error(`yaml: line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  }
  // yaml.v2 reports in document order; a mapping's unknown keys are found before its children here.
  const problems: { line: number; text: string }[] = [];
  const lineOf = (node: Node | null) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const resolve = (node: unknown): Node | null =>
    isAlias(node) ? (node.resolve(doc) ?? null) : ((node as Node | null) ?? null);
  const isNull = (node: Node | null) => node === null || (isScalar(node) && node.value === null);
  const mismatch = (node: Node, into: string) => {
    const shown = isMap(node)
      ? '!!map'
      : isSeq(node)
        ? '!!seq'
        : `${tagOf(node)} \`${isScalar(node) && typeof node.value === 'string' ? node.value : text.slice(...rawRange(node))}\``;
    problems.push({ line: lineOf(node), text: `cannot unmarshal ${shown} into ${into}` });
  };

  const fields = (node: Node | null, type: string, known: string[]) => {
    const out = new Map<string, Node | null>();
    if (isNull(node)) return out;
    if (!isMap(node)) {
      mismatch(node as Node, type);
      return out;
    }
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : '');
      if (!known.includes(key)) {
        if (options.ignoreUnknownFields) continue;
        problems.push({
          line: lineOf(pair.key as Node),
          text: `field ${key} not found in type ${type}`,
        });
      } else out.set(key, resolve(pair.value));
    }
    return out;
  };
  const str = (node: Node | null | undefined): string => {
    if (node === undefined || isNull(node)) return '';
    if (!isScalar(node)) {
      mismatch(node as Node, 'string');
      return '';
    }
    // A plain scalar reads as its text (`1.0` stays `1.0`), as yaml.v2 fills a Go string.
    return typeof node.value === 'string' ? node.value : text.slice(...rawRange(node));
  };
  const float = (node: Node | null | undefined): number => {
    if (node === undefined || isNull(node)) return 0;
    if (isScalar(node) && typeof node.value === 'number') return node.value;
    mismatch(node as Node, 'float64');
    return 0;
  };
  const bool = (node: Node | null | undefined): boolean => {
    if (node === undefined || isNull(node)) return false;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    mismatch(node as Node, 'bool');
    return false;
  };
  let durationError: Error | undefined;
  const duration = (node: Node | null | undefined): number => {
    if (node === undefined || isNull(node)) return 0;
    const ms = parsePrometheusDuration(str(node));
    if (ms instanceof Error) {
      durationError ??= ms;
      return 0;
    }
    return ms;
  };
  /** promtool's parseTime: Unix seconds (fractions allowed) or RFC 3339. */
  const timestamp = (node: Node | null | undefined): number => {
    if (node === undefined || isNull(node)) return 0;
    const text = str(node);
    const seconds = Number(text);
    if (text.trim() !== '' && !Number.isNaN(seconds)) return Math.round(seconds * 1000);
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    const ms = rfc3339.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms)) {
      durationError ??= new Error(`cannot parse ${JSON.stringify(text)} to a valid timestamp`);
      return 0;
    }
    return ms;
  };
  const list = <T>(node: Node | null | undefined, type: string, each: (n: Node | null) => T) => {
    if (node === undefined || isNull(node)) return [];
    if (!isSeq(node)) {
      mismatch(node as Node, type);
      return [];
    }
    return node.items.map((item) => each(resolve(item)));
  };
  const pairs = (node: Node | null | undefined, type: string): [string, string][] | null => {
    if (node === undefined || isNull(node)) return null;
    if (!isMap(node)) {
      mismatch(node as Node, type);
      return [];
    }
    return node.items.map((p) => [str(resolve(p.key)), str(resolve(p.value))]);
  };

  const top = fields(resolve(doc.contents), 'main.unitTestFile', [
    'rule_files',
    'evaluation_interval',
    'group_eval_order',
    'tests',
    'fuzzy_compare',
  ]);
  const file: UnitTestFile = {
    ruleFiles: list(top.get('rule_files'), '[]string', str),
    evaluationIntervalMs: duration(top.get('evaluation_interval')),
    groupEvalOrder: list(top.get('group_eval_order'), '[]string', str),
    fuzzyCompare: bool(top.get('fuzzy_compare')),
    tests: list(top.get('tests'), '[]main.testGroup', (node): TestGroup => {
      const t = fields(node, 'main.testGroup', TEST_GROUP_FIELDS);
      const externalLabels = pairs(t.get('external_labels'), 'labels.Labels') ?? [];
      return {
        intervalMs: duration(t.get('interval')),
        inputSeries: list(t.get('input_series'), '[]main.series', (n): InputSeries => {
          const s = fields(n, 'main.series', ['series', 'values']);
          return { series: str(s.get('series')), values: str(s.get('values')) };
        }),
        alertRuleTests: list(
          t.get('alert_rule_test'),
          '[]main.alertTestCase',
          (n): AlertTestCase => {
            const a = fields(n, 'main.alertTestCase', ['eval_time', 'alertname', 'exp_alerts']);
            return {
              evalTimeMs: duration(a.get('eval_time')),
              alertname: str(a.get('alertname')),
              expAlerts: list(a.get('exp_alerts'), '[]main.alert', (e): ExpectedAlert => {
                const x = fields(e, 'main.alert', ['exp_labels', 'exp_annotations']);
                return {
                  expLabels: pairs(x.get('exp_labels'), 'map[string]string'),
                  expAnnotations: pairs(x.get('exp_annotations'), 'map[string]string'),
                };
              }),
            };
          },
        ),
        promqlExprTests: list(
          t.get('promql_expr_test'),
          '[]main.promqlTestCase',
          (n): PromqlTestCase => {
            const p = fields(n, 'main.promqlTestCase', ['expr', 'eval_time', 'exp_samples']);
            return {
              expr: str(p.get('expr')),
              evalTimeMs: duration(p.get('eval_time')),
              expSamples: list(p.get('exp_samples'), '[]main.sample', (s): ExpectedSample => {
                const x = fields(s, 'main.sample', ['labels', 'value']);
                return { labels: str(x.get('labels')), value: float(x.get('value')) };
              }),
            };
          },
        ),
        externalLabels: Object.entries(sortedLabels(externalLabels)),
        externalUrl: str(t.get('external_url')),
        name: str(t.get('name')),
        startTimestampMs: timestamp(t.get('start_timestamp')),
      };
    }),
  };
  if (durationError) return durationError;
  if (problems.length > 0) {
    const lines = problems.sort((a, b) => a.line - b.line).map((p) => `line ${p.line}: ${p.text}`);
    return new Error(`yaml: unmarshal errors:\n  ${lines.join('\n  ')}`);
  }
  return file;
}

const TEST_GROUP_FIELDS = [
  'interval',
  'input_series',
  'alert_rule_test',
  'promql_expr_test',
  'external_labels',
  'external_url',
  'name',
  'start_timestamp',
];

/** The YAML tag Go names in a type error: what the plain scalar resolves to. */
function tagOf(node: Node): string {
  if (!isScalar(node)) return '!!str';
  if (typeof node.value === 'number') return Number.isInteger(node.value) ? '!!int' : '!!float';
  if (typeof node.value === 'boolean') return '!!bool';
  return '!!str';
}

function rawRange(node: Node): [number, number] {
  return node.range ? [node.range[0], node.range[1]] : [0, 0];
}
