import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compileAnchored, MAX_REGEX_INSTRUCTIONS, RegexSyntaxError } from './anchored-regex';

describe('Go syntax is accepted, anchored, with dot matching newlines', () => {
  const rows: { pattern: string; matches: string[]; rejects: string[] }[] = [
    { pattern: 'http_.*', matches: ['http_', 'http_requests_total'], rejects: ['xhttp_', 'http'] },
    { pattern: 'a.c', matches: ['abc', 'a\nc'], rejects: ['ac', 'abcd'] },
    { pattern: '(?-s:a.c)', matches: ['abc'], rejects: ['a\nc'] },
    { pattern: '(?i)demo.*', matches: ['DEMO-app', 'demo'], rejects: ['my-demo'] },
    { pattern: '(?i:get)|POST', matches: ['Get', 'POST'], rejects: ['post'] },
    { pattern: 'a(?i)b', matches: ['aB', 'ab'], rejects: ['AB'] },
    { pattern: '(?P<code>[0-9]+)', matches: ['200'], rejects: ['2x'] },
    { pattern: '(?<code>[0-9]+)', matches: ['200'], rejects: [''] },
    { pattern: '\\pL+', matches: ['héllo', 'Ωmega'], rejects: ['a1'] },
    { pattern: '\\p{Greek}+', matches: ['Ωμ'], rejects: ['om'] },
    { pattern: '\\PL', matches: ['1'], rejects: ['a'] },
    { pattern: '[[:alpha:]]+', matches: ['abc'], rejects: ['ab1'] },
    { pattern: '[[:^digit:]]', matches: ['a'], rejects: ['1'] },
    { pattern: '\\Q.*+\\E', matches: ['.*+'], rejects: ['abc'] },
    { pattern: 'a\\z', matches: ['a'], rejects: ['a\n'] },
    { pattern: '\\Aa$', matches: ['a'], rejects: ['ba'] },
    { pattern: '\\x41\\x{42}\\101', matches: ['ABA'], rejects: ['AB'] },
    { pattern: '\\d{2,3}', matches: ['12', '123'], rejects: ['1', '1234'] },
    { pattern: 'a{,2}', matches: ['a{,2}'], rejects: ['aa'] },
    { pattern: '[]a]', matches: [']', 'a'], rejects: ['b'] },
    { pattern: '(?U)a+', matches: ['aaa'], rejects: [''] },
    { pattern: '😀.', matches: ['😀😀', '😀a'], rejects: ['😀'] },
    { pattern: '(?i)k', matches: ['k', 'K', '\u212a'], rejects: ['x'] },
    { pattern: '', matches: [''], rejects: ['a'] },
    { pattern: 'a|b|c', matches: ['a', 'c'], rejects: ['ab', ''] },
    { pattern: '(a|b|c)', matches: ['b'], rejects: ['(b)'] },
    { pattern: 'a|', matches: ['a', ''], rejects: ['b'] },
  ];
  for (const { pattern, matches, rejects } of rows) {
    test(pattern, () => {
      const regex = compileAnchored(pattern);
      for (const value of matches) assert.equal(regex.test(value), true, `${value} matches`);
      for (const value of rejects) assert.equal(regex.test(value), false, `${value} does not`);
    });
  }
});

describe("what Go's regexp refuses is refused with Go's message", () => {
  const deep = `${'('.repeat(1001)}a${')'.repeat(1001)}`;
  const rows: [string, string][] = [
    ['[[:', 'missing closing ]: `[[:`'],
    ['[a', 'missing closing ]: `[a`'],
    ['(', 'missing closing ): `(`'],
    [')', 'unexpected ): `)`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?!a)', 'invalid or unsupported Perl syntax: `(?!`'],
    ['(?<=a)', 'invalid named capture: `(?<=a)`'],
    ['(?<!a)', 'invalid named capture: `(?<!a)`'],
    ['(?>a)', 'invalid or unsupported Perl syntax: `(?>`'],
    ['a++', 'invalid nested repetition operator: `++`'],
    ['a*+', 'invalid nested repetition operator: `*+`'],
    ['*', 'missing argument to repetition operator: `*`'],
    ['(?i)*', 'missing argument to repetition operator: `*`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['(a{100}){100}', 'invalid repeat count: `{100}`'],
    ['((a{1000}){1000}){1000}', 'invalid repeat count: `{1000}`'],
    ['(?:(?:\\pL{10}){10}){11}', 'invalid repeat count: `{11}`'],
    ['x{2,1}', 'invalid repeat count: `{2,1}`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\8', 'invalid escape sequence: `\\8`'],
    ['(?P=n)', 'invalid or unsupported Perl syntax: `(?P`'],
    [deep, `expression nests too deeply: \`${deep}\``],
  ];
  for (const [pattern, message] of rows) {
    test(pattern.slice(0, 40), () => {
      assert.throws(
        () => compileAnchored(pattern),
        (error: unknown) =>
          error instanceof RegexSyntaxError && error.message === `error parsing regexp: ${message}`,
      );
    });
  }
});

test('`[[:` is refused at once in a separate process, which a timeout ends if it loops again', () => {
  const module = JSON.stringify(join(__dirname, 'anchored-regex.js'));
  const script = `try { require(${module}).compileAnchored('[[:'); } catch (e) { process.stdout.write(e.message); }`;
  const run = spawnSync(process.execPath, ['-e', script], { timeout: 30_000, encoding: 'utf8' });
  assert.equal(run.signal, null, 'the process ended by itself');
  assert.equal(run.stdout, 'error parsing regexp: missing closing ]: `[[:`');
});

test('a pattern that would compile past the instruction limit is refused as too large', () => {
  const pattern = '\\pL{1000}'.repeat(Math.ceil(MAX_REGEX_INSTRUCTIONS / 1000) + 1);
  assert.throws(
    () => compileAnchored(pattern),
    new RegexSyntaxError(`error parsing regexp: expression too large: \`${pattern}\``),
  );
  // Below the limit, the same construct compiles.
  assert.equal(compileAnchored('\\pL{1000}').test('a'.repeat(1000)), true);
});

test('patterns that backtrack exponentially elsewhere answer at once on long values', () => {
  // A correctness check with a generous bound: V8's RegExp took seconds on 16 characters.
  const long = `${'a'.repeat(5_000)}_total`;
  const started = performance.now();
  for (const pattern of ['(.*.*)*x', '(a+)+b', '(a|aa)+$x', '(.*a){12}', '((a*)*)*b']) {
    assert.equal(compileAnchored(pattern).test(long), false, pattern);
  }
  assert.equal(compileAnchored('(.*.*)*_total').test(long), true);
  assert.ok(performance.now() - started < 10_000);
});

describe('expand: Go Regexp.ExpandString on a whole-value match', () => {
  const rows: { pattern: string; value: string; template: string; expected: string | undefined }[] =
    [
      { pattern: '(.*):(.*)', value: 'host:80', template: '$2@$1', expected: '80@host' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's template syntax
      { pattern: '(?P<host>.*):.*', value: 'a:1', template: '${host}-$host', expected: 'a-a' },
      { pattern: '(a)(b)?', value: 'a', template: '[$2]', expected: '[]' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's template syntax
      { pattern: '(a)', value: 'a', template: '$1x ${1}x', expected: ' ax' },
      { pattern: '(a)', value: 'a', template: '$$1 $ ${1', expected: '$1 $ ${1' },
      { pattern: '(a)', value: 'a', template: '$9 $0', expected: ' a' },
      { pattern: '(?P<01>a)', value: 'a', template: '$01', expected: 'a' },
      { pattern: '(a)', value: 'a', template: '$1é-$1', expected: '-a' },
      { pattern: 'a|b', value: 'b', template: '<$0>', expected: '<b>' },
      // Go allows a name twice; the first group of that name that took part counts.
      { pattern: '(?P<n>a)|(?P<n>b)', value: 'b', template: '$n $1 $2', expected: 'b  b' },
      { pattern: '(?P<n>a)(?P<n>b)', value: 'ab', template: '$n', expected: 'a' },
      { pattern: '[(?P<n>]|(?P<n>x)(?P<n>y)', value: 'xy', template: '$n$2$3', expected: 'xy' },
      { pattern: 'a.c', value: 'a\nc', template: '$0', expected: 'a\nc' },
      { pattern: '(a)', value: 'b', template: '$1', expected: undefined },
    ];
  for (const { pattern, value, template, expected } of rows) {
    test(`${pattern} ${template}`, () => {
      assert.equal(compileAnchored(pattern).expand(value, template), expected);
    });
  }
});
