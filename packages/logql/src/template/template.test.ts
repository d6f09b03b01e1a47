import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileTemplate, TemplateError, TemplateExecError } from './template';

const input = {
  labels: new Map([
    ['level', 'Warn'],
    ['msg', '  hi there  '],
    ['n', '7'],
    ['took', '1.5s'],
    ['size', '2KiB'],
    ['path', '/a/b?x=1 2'],
    ['epoch', '1609459200'],
  ]),
  line: 'the line',
  timestampNs: 1_609_459_200_500_000_000n,
};

describe('line_format templates', () => {
  const cases: [string, string][] = [
    ['{{.level}}|{{ .missing }}|{{ __line__ }}', 'Warn||the line'],
    [
      '{{ .level | ToUpper }} {{ .level | ToLower }} {{ upper .level }} {{ lower .level }}',
      'WARN warn WARN warn',
    ],
    ['{{ __timestamp__ }}', '2021-01-01 00:00:00.5 +0000 UTC'],
    [
      '{{ __timestamp__ | unixEpoch }} {{ unixEpochMillis __timestamp__ }}',
      '1609459200 1609459200500',
    ],
    ['{{ date "Mon Jan _2 15:04:05.000 2006" __timestamp__ }}', 'Fri Jan  1 00:00:00.500 2021'],
    ['{{ unixToTime .epoch | date "2006-01-02" }}', '2021-01-01'],
    [
      '{{ printf "%s=%d %.2f %5s|%-5s|%x %v %t %%" .level 42 3.14159 "ab" "cd" 255 1.5 true }}',
      'Warn=42 3.14    ab|cd   |ff 1.5 true %',
    ],
    ['{{ printf "%d" .level }}', '%!d(string=Warn)'],
    [
      '{{ contains "there" .msg }} {{ hasPrefix "/a" .path }} {{ hasSuffix "x" .path }}',
      'true true false',
    ],
    [
      '[{{ trim .msg }}] [{{ TrimSpace .msg }}] [{{ Trim .msg " h" }}]',
      '[hi there] [hi there] [i there]',
    ],
    [
      '{{ TrimPrefix .path "/a" }} {{ trimSuffix "2" .path }} {{ trimAll "/" .path }}',
      '/b?x=1 2 /a/b?x=1  a/b?x=1 2',
    ],
    ['{{ replace "a" "A" .path }} {{ Replace .path "/" "|" 1 }}', '/A/b?x=1 2 |a/b?x=1 2'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's ${2}, not JavaScript's
    ['{{ regexReplaceAll "(\\\\w)=(\\\\d)" .path "${2}<-$1" }}', '/a/b?1<-x 2'],
    ['{{ regexReplaceAllLiteral "b" .path "$1" }} {{ count "/" .path }}', '/a/$1?x=1 2 2'],
    ['{{ urlencode .path }} {{ urldecode "a%2Fb+c" }}', '%2Fa%2Fb%3Fx%3D1+2 a/b c'],
    ['{{ b64enc "hi" }} {{ b64dec "aGk=" }}', 'aGk= hi'],
    ['{{ add 1 .n 2 }} {{ sub .n 10 }} {{ mul 2 3 }} {{ div .n 2 }} {{ mod .n 4 }}', '10 -3 6 3 3'],
    [
      '{{ addf 1.5 .n }} {{ divf 1 4 }} {{ max 1 9 3 }} {{ minf 2.5 1.5 }} {{ round 2.345 2 }}',
      '8.5 0.25 9 1.5 2.35',
    ],
    ['{{ duration .took }} {{ bytes .size }} {{ float64 "0.00001" }}', '1.5 2048 1e-05'],
    [
      '{{ alignLeft 3 .level }}|{{ alignRight 6 .level }}|{{ trunc 2 .level }}|{{ substr 1 3 .level }}',
      'War|  Warn|Wa|ar',
    ],
    ['{{ default "none" .missing }} {{ default "none" .level }}', 'none Warn'],
    [
      '{{ if eq .level "Warn" }}W{{ else }}-{{ end }}{{ if and .n (gt (int .n) 5) }}>5{{ end }}',
      'W>5',
    ],
    ['{{ if not .missing }}absent{{ else if .level }}x{{ end }}', 'absent'],
    ['{{ or .missing "fallback" }} {{ len .level }}', 'fallback 4'],
    ['a {{- " b " -}} c', 'a b c'],
    ['{{ title "hello world" }} {{ repeat 2 "ab" }} {{ indent 2 "x" }}', 'Hello World abab   x'],
    ['{{/* a comment */}}ok', 'ok'],
    ['{{ $l := .level }}{{ $l = ToUpper $l }}{{ $l }} {{ $.level }}', 'WARN Warn'],
    [
      '{{ with .level }}[{{ . }}]{{ end }}{{ with .missing }}x{{ else }}none{{ end }}',
      '[Warn]none',
    ],
    [
      '{{ range $i, $v := fromJson `[{"q":"a"},{"q":"b"}]` }}{{ $i }}={{ $v.q }};{{ end }}',
      '0=a;1=b;',
    ],
    ['{{ range fromJson `{"b":2,"a":1}` }}{{ . }} {{ end }}', '1 2 '],
    [
      '{{ range fromJson `[]` }}x{{ else }}empty{{ end }} {{ fromJson `{"a":[1,"x"]}` }}',
      'empty map[a:[1 x]]',
    ],
    [
      '{{ $m := fromJson `{"a":{"b":"deep"}}` }}{{ $m.a.b }} {{ len $m }} {{ $m.none }}',
      'deep 1 <nil>',
    ],
  ];
  for (const [source, expected] of cases) {
    test(source, () => assert.equal(compileTemplate(source, 'line')(input), expected));
  }
});

describe('template errors', () => {
  const parseErrors: [string, RegExp][] = [
    ['{{ nope .a }}', /function "nope" not defined/],
    ['{{ .a ', /unclosed action/],
    ['{{ if .a }}x', /unexpected EOF/],
    ['{{ define "x" }}{{ end }}', /\{\{define\}\} is not supported/],
    ['{{ $x }}', /undefined variable "\$x"/],
    ['{{ range $v := .a }}{{ end }}{{ $v }}', /undefined variable "\$v"/],
    ['{{ end }}', /unexpected \{\{end\}\}/],
  ];
  for (const [source, message] of parseErrors) {
    test(`refuses ${source}`, () =>
      assert.throws(
        () => compileTemplate(source, 'line'),
        (e: unknown) => e instanceof TemplateError && message.test(e.message),
      ));
  }
  const execErrors: [string, RegExp][] = [
    ['{{ div 1 0 }}', /integer divide by zero/],
    ['{{ ToUpper 1 }}', /wrong type for value; expected string; got int/],
    ['{{ lt .level 3 }}', /incompatible types for comparison/],
    ['{{ duration .level }}', /invalid duration/],
  ];
  for (const [source, message] of execErrors) {
    test(`fails at run time: ${source}`, () =>
      assert.throws(
        () => compileTemplate(source, 'line')(input),
        (e: unknown) => e instanceof TemplateExecError && message.test(e.message),
      ));
  }
  test('range iterations are bounded', () => {
    const list = `[${Array.from({ length: 400 }, () => '0').join(',')}]`;
    const source = `{{ $l := fromJson \`${list}\` }}{{ range $l }}{{ range $l }}{{ end }}{{ end }}`;
    assert.throws(
      () => compileTemplate(source, 'line')(input),
      /more than 100000 range iterations/,
    );
  });
  test('output is bounded', () => {
    const source = '{{ repeat 10000 __line__ }}'.repeat(20);
    assert.throws(() => compileTemplate(source, 'line')(input), /template output over/);
  });
});
