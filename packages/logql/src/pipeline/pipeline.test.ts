import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelsFromRecord, labelsToRecord } from '@otel-lab/promql';
import type { LogExpr } from '../ast';
import { parseExpr } from '../parse/parser';
import { compilePipeline, pushdownLineFilters } from './pipeline';

interface Case {
  readonly stages: string;
  readonly line: string;
  readonly stream?: Record<string, string>;
  readonly metadata?: Record<string, string>;
  /** undefined: the entry is dropped. */
  readonly out?: {
    readonly line?: string;
    readonly stream?: Record<string, string>;
    readonly metadata?: Record<string, string>;
    readonly parsed?: Record<string, string>;
  };
}

const app = { app: 'shop' };

function run(c: Case) {
  const expr = parseExpr(`{app="shop"} ${c.stages}`) as LogExpr;
  const out = compilePipeline(expr.pipeline)({
    timestampNs: 1_609_459_200_123_000_000n,
    line: c.line,
    labels: labelsFromRecord(c.stream ?? app),
    metadata: labelsFromRecord(c.metadata ?? {}),
  });
  if (!out) return undefined;
  return {
    line: out.line,
    stream: labelsToRecord(out.labels.stream),
    metadata: labelsToRecord(out.labels.metadata),
    parsed: labelsToRecord(out.labels.parsed),
  };
}

function check(cases: readonly Case[]) {
  for (const c of cases) {
    test(`${c.stages} on ${JSON.stringify(c.line)}`, () => {
      const got = run(c);
      if (!c.out) {
        assert.equal(got, undefined);
        return;
      }
      assert.deepEqual(got, {
        line: c.out.line ?? c.line,
        stream: c.out.stream ?? c.stream ?? app,
        metadata: c.out.metadata ?? c.metadata ?? {},
        parsed: c.out.parsed ?? {},
      });
    });
  }
}

describe('line filters', () => {
  check([
    { stages: '|= "err"', line: 'an error', out: {} },
    { stages: '|= "err"', line: 'all good' },
    { stages: '!= "err" or "warn"', line: 'a warning' },
    { stages: '!= "err" or "warn"', line: 'fine', out: {} },
    { stages: '|~ "(?i)ERROR"', line: 'an error', out: {} },
    { stages: '|~ "^an"', line: 'an error', out: {} },
    { stages: '|~ "^error"', line: 'an error' },
    { stages: '!~ "e.r"', line: 'an error' },
    { stages: '|= ip("10.0.0.0/8")', line: 'from 10.1.2.3:443 ok', out: {} },
    { stages: '|= ip("10.0.0.0/8")', line: 'from 11.1.2.3 ok' },
    { stages: '|> "<_> GET <_>"', line: '1.2.3.4 GET /x', out: {} },
    { stages: '|> "<_> GET <_>"', line: '1.2.3.4 POST /x' },
  ]);
});

describe('parsers', () => {
  check([
    {
      stages: '| json',
      line: '{"a":{"b":"x","c":1.50},"d":[1],"e":null,"f":true,"g-h":"y","1x":"z"}',
      out: { parsed: { a_b: 'x', a_c: '1.50', f: 'true', g_h: 'y', _1x: 'z' } },
    },
    {
      // The stream has app, the metadata has level: both extracted keys get the suffix.
      stages: '| json',
      line: '{"app":"other","level":"info","msg":"hi"}',
      metadata: { level: 'warn' },
      out: { parsed: { app_extracted: 'other', level_extracted: 'info', msg: 'hi' } },
    },
    {
      stages: '| json',
      line: 'not json',
      out: {
        parsed: {
          __error__: 'JSONParserErr',
          __error_details__: "Value looks like object, but can't find closing '}' symbol",
        },
      },
    },
    {
      // Keys read before the error stay, as Loki's streaming parser keeps them.
      stages: '| json',
      line: '{"a":"1","b":{"c":2,"1d":3},"e": tru',
      out: {
        parsed: {
          a: '1',
          b_c: '2',
          b_1d: '3',
          __error__: 'JSONParserErr',
          __error_details__: 'Unknown value type',
        },
      },
    },
    {
      stages: '| json',
      line: '{"a":"1"} trailing',
      out: { parsed: { a: '1' } },
    },
    {
      stages: '| json',
      line: '{"a":"x\uFFFDy","b":{"c d":"1"}}',
      out: { parsed: { a: 'x y', b_c_d: '1' } },
    },
    {
      stages: '| json | __error__ = ""',
      line: 'not json',
    },
    {
      stages: '| json | drop __error__, __error_details__',
      line: '[1]',
      out: {},
    },
    {
      stages: '| json first="a.b[0]", obj="a", missing="q", esc=`["x y"]`',
      line: '{"a":{"b":["p","q"]},"x y":"sp"}',
      out: { parsed: { first: 'p', obj: '{"b":["p","q"]}', missing: '', esc: 'sp' } },
    },
    {
      stages: '| logfmt',
      line: 'level=info msg="hello \\"you\\"" empty= flag app=x',
      out: { parsed: { level: 'info', msg: 'hello "you"', app_extracted: 'x' } },
    },
    {
      // Quoted values take JSON's escapes and literal control characters; the first of a key wins.
      stages: '| logfmt',
      line: 'a="x\ny\\\\z\\/" a=2 b="\\u00e9"',
      out: { parsed: { a: 'x\ny\\z/', b: 'é' } },
    },
    {
      stages: '| logfmt --keep-empty',
      line: 'level=info empty= flag',
      out: { parsed: { level: 'info', empty: '', flag: '' } },
    },
    {
      stages: '| logfmt --strict',
      line: 'a=1 b="unterminated',
      out: {
        parsed: {
          a: '1',
          __error__: 'LogfmtParserErr',
          __error_details__: 'logfmt syntax error at pos 20 : unterminated quoted value',
        },
      },
    },
    {
      stages: '| logfmt a2="a", c',
      line: 'a=1 b=2',
      out: { parsed: { a2: '1', c: '' } },
    },
    {
      stages: '| regexp "(?P<method>[A-Z]+) (?P<path>\\\\S+)(?P<q>\\\\?\\\\S+)?"',
      line: '1.2.3.4 GET /x done',
      out: { parsed: { method: 'GET', path: '/x', q: '' } },
    },
    {
      stages: '| pattern "<ip> - <_> \\"<method> <path>\\""',
      line: '1.2.3.4 - - "GET /x"',
      out: { parsed: { ip: '1.2.3.4', method: 'GET', path: '/x' } },
    },
    {
      stages: '| unpack',
      line: '{"_entry":"the line","pod":"p1","n":3}',
      out: { line: 'the line', parsed: { pod: 'p1' } },
    },
    {
      // A later parser keeps what an earlier one extracted.
      stages: '| logfmt | json',
      line: '{"a":"json"}',
      out: { parsed: { a: 'json' } },
    },
  ]);
});

describe('label filters', () => {
  const line = '{"status":"503","took":"1.5s","size":"3KiB","ip":"10.0.0.7","name":"x"}';
  check([
    { stages: '| json | status >= 500', line, out: { parsed: labelsJson(line) } },
    { stages: '| json | status == 500', line },
    { stages: '| json | took > 1s and size <= 3KiB', line, out: { parsed: labelsJson(line) } },
    { stages: '| json | took > 2s or size > 4KB', line },
    {
      stages: '| json | (took > 2s or size > 3KB), name =~ "x|y"',
      line,
      out: { parsed: labelsJson(line) },
    },
    { stages: '| json | ip = ip("10.0.0.0/24")', line, out: { parsed: labelsJson(line) } },
    { stages: '| json | ip != ip("10.0.0.0/24")', line },
    {
      stages: '| json | nope = ip("10.0.0.0/24")',
      line: 'x',
      out: {
        parsed: {
          __error__: 'JSONParserErr',
          __error_details__: "Value looks like object, but can't find closing '}' symbol",
        },
      },
    },
    { stages: '| json | absent > 1', line },
    { stages: '| json | absent = ""', line, out: { parsed: labelsJson(line) } },
    {
      stages: '| json | name > 1',
      line,
      out: {
        parsed: {
          ...labelsJson(line),
          __error__: 'LabelFilterErr',
          __error_details__: 'strconv.ParseFloat: parsing "x": invalid syntax',
        },
      },
    },
    {
      stages: '| json | name > 1s',
      line,
      out: {
        parsed: {
          ...labelsJson(line),
          __error__: 'LabelFilterErr',
          __error_details__: 'time: invalid duration "x"',
        },
      },
    },
    { stages: '| json | name > 1 | __error__ = ""', line },
    {
      stages: '| json | n > 1s',
      line: '{"n":"15"}',
      out: {
        parsed: {
          n: '15',
          __error__: 'LabelFilterErr',
          __error_details__: 'time: missing unit in duration "15"',
        },
      },
    },
    {
      stages: '| json | n > 1KB',
      line: '{"n":"12 parsecs"}',
      out: {
        parsed: {
          n: '12 parsecs',
          __error__: 'LabelFilterErr',
          __error_details__: 'unhandled size name: parsecs',
        },
      },
    },
    {
      // A line's own __error__ key does not make a second error label.
      stages: '| json',
      line: '{"__error__":"mine","a":"1"}',
      out: { parsed: { a: '1', __error__: 'mine' } },
    },
  ]);
});

function labelsJson(line: string): Record<string, string> {
  return JSON.parse(line) as Record<string, string>;
}

describe('formatting, drop and keep', () => {
  check([
    {
      stages: '| logfmt | line_format "{{.level | ToUpper}} {{ .msg }} {{ __line__ | len }}"',
      line: 'level=info msg=hi',
      out: { line: 'INFO hi 17', parsed: { level: 'info', msg: 'hi' } },
    },
    {
      stages:
        '| line_format `{{ printf "%05.1f|%-4s|%q" 3.14159 .app "x" }} {{ __timestamp__ | date "2006-01-02T15:04:05.000Z07:00" }}`',
      line: 'x',
      out: { line: '003.1|shop|"x" 2021-01-01T00:00:00.123Z' },
    },
    {
      stages:
        '| logfmt | line_format `{{ if eq .level "error" }}E{{ else if contains "warn" .level }}W{{ else }}-{{ end }}`',
      line: 'level=warning',
      out: { line: 'W', parsed: { level: 'warning' } },
    },
    {
      stages: '| logfmt | label_format lvl=level, msg2="{{ .msg | ToLower }}-{{ .missing }}"',
      line: 'level=info msg=HI',
      out: { parsed: { lvl: 'info', msg: 'HI', msg2: 'hi-' } },
    },
    {
      // Renaming a stream label moves it to the parsed labels.
      stages: '| label_format application=app',
      line: 'x',
      out: { stream: {}, parsed: { application: 'shop' } },
    },
    {
      stages: '| line_format "{{ div 1 .n }}"',
      line: 'x',
      out: {
        parsed: {
          __error__: 'TemplateFormatErr',
          __error_details__:
            'template: line:1: error calling div: runtime error: integer divide by zero',
        },
      },
    },
    {
      stages: '| decolorize',
      line: '\u001b[31mred\u001b[0m plain',
      out: { line: 'red plain' },
    },
    {
      stages: '| logfmt | drop a, b="2", c=~"x.*"',
      line: 'a=1 b=1 c=xyz d=4',
      out: { parsed: { b: '1', d: '4' } },
    },
    {
      stages: '| logfmt | keep a, b="2"',
      line: 'a=1 b=1 c=3',
      metadata: { trace_id: 't' },
      out: { stream: {}, metadata: {}, parsed: { a: '1' } },
    },
  ]);
});

describe('pushdownLineFilters', () => {
  test('plain and regex filters before the first line-changing stage go to the storage', () => {
    const expr = parseExpr(
      '{a="b"} |= "x" or "y" | json |~ "z" |> "<_>p" |= ip("1.2.3.4") | line_format "{{.a}}" |= "w"',
    ) as LogExpr;
    assert.deepEqual(pushdownLineFilters(expr.pipeline), [
      { op: '|=', values: ['x', 'y'] },
      { op: '|~', values: ['z'] },
    ]);
  });
});

describe('hostile values', () => {
  // Label values and lines reach number, duration, byte and address patterns: 200,000 characters that
  // almost match must not make any of them backtrack quadratically (the timeout would catch it).
  const digits = '1'.repeat(200_000);
  // [stages, line, the error the entry is kept with, or undefined when it is dropped]
  const cases: [string, string, string | undefined][] = [
    ['| json | n > 1s', JSON.stringify({ n: `${digits}x` }), 'LabelFilterErr'],
    ['| json | n > 1KB', JSON.stringify({ n: `${digits}\nx` }), 'LabelFilterErr'],
    ['| json | n > 1', JSON.stringify({ n: `${digits}x` }), 'LabelFilterErr'],
    ['|= ip("1.2.3.4")', 'a'.repeat(200_000), undefined],
    ['| line_format "{{ .a }}"', `${' '.repeat(200_000)}x`, ''],
  ];
  for (const [stages, line, error] of cases) {
    test(`${stages} on a 200,000-character value`, { timeout: 5_000 }, () => {
      const expr = parseExpr(`{app="shop"} ${stages}`) as LogExpr;
      const out = compilePipeline(expr.pipeline)({
        timestampNs: 0n,
        line,
        labels: labelsFromRecord(app),
        metadata: [],
      });
      if (error === undefined) assert.equal(out, undefined);
      else assert.equal(labelsToRecord(out?.labels.parsed ?? []).__error__ ?? '', error);
    });
  }
});
