import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expr } from '../ast';
import { LogqlParseError } from './parse-error';
import { parseExpr } from './parser';

const sel = { kind: 'log', matchers: [{ name: 'a', type: '=', value: 'b' }] } as const;

describe('parseExpr: trees', () => {
  const cases: [string, Expr][] = [
    [
      '{a="b"} |= "x" or "y" != "z" |> "<_> q" | json p="x.y", r | logfmt --strict --keep-empty',
      {
        ...sel,
        pipeline: [
          {
            kind: 'lineFilter',
            op: '|=',
            values: [
              { ip: false, value: 'x' },
              { ip: false, value: 'y' },
            ],
          },
          { kind: 'lineFilter', op: '!=', values: [{ ip: false, value: 'z' }] },
          { kind: 'lineFilter', op: '|>', values: [{ ip: false, value: '<_> q' }] },
          {
            kind: 'json',
            params: [
              { label: 'p', expression: 'x.y' },
              { label: 'r', expression: 'r' },
            ],
          },
          { kind: 'logfmt', strict: true, keepEmpty: true, params: [] },
        ],
      },
    ],
    [
      '{a="b"} | x > 5 and y="z" or (w < 1.5s, v >= 2KiB) | s = ip("10.0.0.0/8")',
      {
        ...sel,
        pipeline: [
          {
            kind: 'labelFilter',
            filter: {
              kind: 'or',
              left: {
                kind: 'and',
                left: { kind: 'number', name: 'x', op: '>', value: 5 },
                right: { kind: 'string', matcher: { name: 'y', type: '=', value: 'z' } },
              },
              right: {
                kind: 'and',
                left: { kind: 'duration', name: 'w', op: '<', valueNs: 1_500_000_000n },
                right: { kind: 'bytes', name: 'v', op: '>=', value: 2048 },
              },
            },
          },
          {
            kind: 'labelFilter',
            filter: { kind: 'ip', name: 's', op: '=', pattern: '10.0.0.0/8' },
          },
        ],
      },
    ],
    [
      '{a="b"} | label_format x=y, z="{{.q}}" | drop p, q!="1" | keep r | line_format `{{.x}}` | decolorize | unpack',
      {
        ...sel,
        pipeline: [
          {
            kind: 'labelFormat',
            items: [
              { kind: 'rename', dst: 'x', src: 'y' },
              { kind: 'template', dst: 'z', template: '{{.q}}' },
            ],
          },
          {
            kind: 'drop',
            labels: [{ name: 'p' }, { name: 'q', matcher: { name: 'q', type: '!=', value: '1' } }],
          },
          { kind: 'keep', labels: [{ name: 'r' }] },
          { kind: 'lineFormat', template: '{{.x}}' },
          { kind: 'decolorize' },
          { kind: 'unpack' },
        ],
      },
    ],
    [
      'topk(2, sum by (a) (quantile_over_time(0.9, {a="b"}[5m] offset 1m | json | unwrap duration(x) | __error__="")))',
      {
        kind: 'vectorAggregation',
        op: 'topk',
        param: 2,
        expr: {
          kind: 'vectorAggregation',
          op: 'sum',
          grouping: { without: false, labels: ['a'] },
          expr: {
            kind: 'rangeAggregation',
            op: 'quantile_over_time',
            param: 0.9,
            range: {
              selector: { ...sel, pipeline: [{ kind: 'json', params: [] }] },
              rangeNs: 300_000_000_000n,
              offsetNs: 60_000_000_000n,
              unwrap: {
                label: 'x',
                conversion: 'duration',
                postFilters: [
                  { kind: 'string', matcher: { name: '__error__', type: '=', value: '' } },
                ],
              },
            },
          },
        },
      },
    ],
    [
      'sum without () (rate({a="b"}[1m] offset 1h)) > bool ignoring (x) group_right (y) -1',
      {
        kind: 'binary',
        op: '>',
        lhs: {
          kind: 'vectorAggregation',
          op: 'sum',
          grouping: { without: true, labels: [] },
          expr: {
            kind: 'rangeAggregation',
            op: 'rate',
            range: {
              selector: { ...sel, pipeline: [] },
              rangeNs: 60_000_000_000n,
              offsetNs: 3_600_000_000_000n,
            },
          },
        },
        rhs: { kind: 'literal', value: -1 },
        modifier: {
          returnBool: true,
          matching: { on: false, labels: ['x'] },
          group: { side: 'right', include: ['y'] },
        },
      },
    ],
    [
      'label_replace(vector(1), "dst", "$1", "src", "(.*)")',
      {
        kind: 'labelReplace',
        expr: { kind: 'vector', value: 1 },
        dst: 'dst',
        replacement: '$1',
        src: 'src',
        regex: '(.*)',
      },
    ],
  ];
  for (const [query, expected] of cases) {
    test(query, () => assert.deepEqual(parseExpr(query), expected));
  }
});

describe('parseExpr: operator precedence as Loki binds it', () => {
  // Grafana's grammar alone would read the first as (1 + 2) * 3 and the second as (v1 * 2) ^ 3.
  const show = (e: Expr): string =>
    e.kind === 'binary'
      ? `(${show(e.lhs)} ${e.op}${e.modifier.returnBool ? ' bool' : ''} ${show(e.rhs)})`
      : e.kind === 'literal'
        ? String(e.value)
        : e.kind === 'vector'
          ? `v${e.value}`
          : e.kind;
  // Literal legs fold as Loki folds them, so these read as numbers.
  const cases: [string, string][] = [
    ['1 + 2 * 3', '7'],
    ['vector(1) * 2 ^ 3', '(v1 * 8)'],
    ['2 ^ 3 ^ 2', '512'],
    ['1 - 2 - 3', '-4'],
    ['1 > 2', '0'],
    ['2 >= bool 2', '1'],
    ['1 / 0', 'NaN'],
    ['5 % 0', 'NaN'],
    ['vector(1) + 1 > bool 2 * 3', '((v1 + 1) > bool 6)'],
    ['vector(1) + 1 + 2', '((v1 + 1) + 2)'],
    ['vector(1) + (1 + 2)', '(v1 + 3)'],
    ['vector(1) or vector(2) and vector(3) unless vector(4)', '(v1 or ((v2 and v3) unless v4))'],
    ['vector(1) > 1 and vector(2) == 2', '((v1 > 1) and (v2 == 2))'],
    ['(1 + 2) * 3', '9'],
    ['vector(2) * (3 + 4) ^ 2', '(v2 * 49)'],
    [
      'vector(1) * vector(2) + vector(4) / vector(6) - vector(10) % vector(2) ^ vector(2)',
      '(((v1 * v2) + (v4 / v6)) - (v10 % (v2 ^ v2)))',
    ],
  ];
  for (const [query, expected] of cases) {
    test(query, () => assert.equal(show(parseExpr(query)), expected));
  }
});

describe('parseExpr: Loki errors', () => {
  const cases: [string, string][] = [
    [
      '{a=~".*"}',
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    ],
    ['{a!="b"} |= "x"', 'parse error : queries require at least one regexp'],
    ['{a="b"', 'parse error at line 1, col 7: syntax error: unexpected $end'],
    [
      '{a="b"}\n  | json |= "x',
      'parse error at line 2, col 13: syntax error: unexpected literal not terminated',
    ],
    [
      'sum_over_time({a="b"}[1m])',
      'parse error : invalid aggregation sum_over_time without unwrap',
    ],
    [
      'count_over_time({a="b"} | unwrap x [1m])',
      'parse error : invalid aggregation count_over_time with unwrap',
    ],
    ['rate({a="b"}[1m]) by (x)', 'parse error : grouping not allowed for rate aggregation'],
    [
      'quantile_over_time({a="b"} | unwrap x [1m])',
      'parse error : parameter required for operation quantile_over_time',
    ],
    [
      'topk(0, rate({a="b"}[1m]))',
      'parse error : invalid parameter (must be greater than 0) topk(0',
    ],
    ['sum(2, rate({a="b"}[1m]))', 'parse error : unsupported parameter for operation sum(2,'],
    [
      'vector(1) and 1',
      'parse error : unexpected literal for right leg of logical/set binary operation (and): 1.000000',
    ],
    ['{a="b"} |~ "(x"', 'parse error : error parsing regexp: missing closing ): `(x`'],
    ['', 'parse error : syntax error: unexpected $end'],
    ['{a="b"} | x = ip("300.1.1.1")', 'parse error : invalid ip pattern: "300.1.1.1"'],
    [
      'sum_over_time({a="b"} | unwrap x | y = ip("nope") [1m])',
      'parse error : invalid ip pattern: "nope"',
    ],
    ['{a="b"} | regexp "(?P<x>a)(?P<x>b)"', 'parse error : error parsing regexp:'],
    ['{a="b"} | pattern "<a><b>"', "parse error : found consecutive capture '<a><b>'"],
    [
      '{a="b"} | line_format "{{ .a "',
      'parse error : invalid line template: template: line:1: unclosed action',
    ],
  ];
  for (const [query, message] of cases) {
    test(JSON.stringify(query), () => {
      assert.throws(
        () => parseExpr(query),
        (error: unknown) => error instanceof LogqlParseError && error.message.startsWith(message),
      );
    });
  }

  test('a query over 128 KiB is refused before parsing', () => {
    const query = `{a="${'x'.repeat(140_000)}"}`;
    assert.throws(() => parseExpr(query), /input size too long \(140006 > 131072\)/);
  });
});
