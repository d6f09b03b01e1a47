// The string functions of line_format and label_format: Loki's own and its Sprig selection.
import { compileSearch } from '../pipeline/search-regex';
import { formatValue, type GoValue, sprintf } from './go-format';
import { type Fn, str, TemplateExecError, toInt } from './template-values';

/** Go's Regexp.Expand template: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, group: (name: string) => string): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_, all, braced, bare) =>
    all === '$' ? '$' : group((braced ?? bare) as string),
  );
}

function replaceAll(
  pattern: string,
  s: string,
  replacement: (m: ReturnType<ReturnType<typeof compileSearch>['matcher']>) => string,
): string {
  const re = compileSearch(pattern);
  const m = re.matcher(s);
  let out = '';
  let last = 0;
  while (m.find()) {
    out += s.slice(last, m.start()) + replacement(m);
    last = m.end();
    if (m.end() === m.start()) {
      if (last >= s.length) break;
      out += s[last];
      last++;
      if (!m.find(last)) break;
      out += s.slice(last, m.start()) + replacement(m);
      last = m.end();
    }
  }
  return out + s.slice(last);
}

function align(count: bigint, s: string, right: boolean): string {
  const runes = [...s];
  const n = Number(count);
  if (n <= 0) return s;
  if (runes.length >= n)
    return right ? runes.slice(runes.length - n).join('') : runes.slice(0, n).join('');
  const fill = ' '.repeat(n - runes.length);
  return right ? fill + s : s + fill;
}

function cutset(s: string, set: string, left: boolean, right: boolean): string {
  const chars = new Set([...set]);
  const runes = [...s];
  let a = 0;
  let b = runes.length;
  while (left && a < b && chars.has(runes[a] as string)) a++;
  while (right && b > a && chars.has(runes[b - 1] as string)) b--;
  return runes.slice(a, b).join('');
}

function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function indent(n: bigint, s: string): string {
  const pad = ' '.repeat(Number(n));
  return pad + s.replaceAll('\n', `\n${pad}`);
}

export const stringFunctions: Readonly<Record<string, Fn>> = {
  ToLower: (s) => str(s, 'ToLower').toLowerCase(),
  ToUpper: (s) => str(s, 'ToUpper').toUpperCase(),
  Replace: (s, o, n, c) => {
    const count = Number(toInt(c));
    const src = str(s, 'Replace');
    const old = str(o, 'Replace');
    if (count < 0) return src.replaceAll(old, str(n, 'Replace'));
    let out = src;
    let from = 0;
    for (let i = 0; i < count; i++) {
      const at = out.indexOf(old, from);
      if (at < 0) break;
      out = out.slice(0, at) + str(n, 'Replace') + out.slice(at + old.length);
      from = at + str(n, 'Replace').length + (old === '' ? 1 : 0);
    }
    return out;
  },
  Trim: (s, c) => cutset(str(s, 'Trim'), str(c, 'Trim'), true, true),
  TrimLeft: (s, c) => cutset(str(s, 'TrimLeft'), str(c, 'TrimLeft'), true, false),
  TrimRight: (s, c) => cutset(str(s, 'TrimRight'), str(c, 'TrimRight'), false, true),
  TrimPrefix: (s, p) => {
    const v = str(s, 'TrimPrefix');
    const prefix = str(p, 'TrimPrefix');
    return v.startsWith(prefix) ? v.slice(prefix.length) : v;
  },
  TrimSuffix: (s, p) => {
    const v = str(s, 'TrimSuffix');
    const suffix = str(p, 'TrimSuffix');
    return suffix !== '' && v.endsWith(suffix) ? v.slice(0, -suffix.length) : v;
  },
  TrimSpace: (s) => str(s, 'TrimSpace').trim(),
  regexReplaceAll: (re, s, r) =>
    replaceAll(str(re, 'regexReplaceAll'), str(s, 'regexReplaceAll'), (m) =>
      expand(str(r, 'regexReplaceAll'), (name) => {
        try {
          return (/^\d+$/.test(name) ? m.group(Number(name)) : m.group(name)) ?? '';
        } catch {
          return '';
        }
      }),
    ),
  regexReplaceAllLiteral: (re, s, r) =>
    replaceAll(str(re, 'regexReplaceAllLiteral'), str(s, 'regexReplaceAllLiteral'), () =>
      str(r, 'regexReplaceAllLiteral'),
    ),
  count: (re, s) => {
    let n = 0n;
    replaceAll(str(re, 'count'), str(s, 'count'), () => {
      n++;
      return '';
    });
    return n;
  },
  urldecode: (s) => {
    try {
      return decodeURIComponent(str(s, 'urldecode').replaceAll('+', ' '));
    } catch {
      throw new TemplateExecError(`error calling urldecode: invalid URL escape`);
    }
  },
  urlencode: (s) => goQueryEscape(str(s, 'urlencode')),
  urlquery: (...args) => goQueryEscape(args.map(formatValue).join('')),
  alignLeft: (n, s) => align(toInt(n), str(s, 'alignLeft'), false),
  alignRight: (n, s) => align(toInt(n), str(s, 'alignRight'), true),
  b64dec: (s) => Buffer.from(str(s, 'b64dec'), 'base64').toString('utf8'),
  b64enc: (s) => Buffer.from(str(s, 'b64enc'), 'utf8').toString('base64'),
  lower: (s) => str(s, 'lower').toLowerCase(),
  upper: (s) => str(s, 'upper').toUpperCase(),
  title: (s) =>
    str(s, 'title').replace(
      /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
      (_, a, b: string) => a + b.toUpperCase(),
    ),
  trunc: (c, s) => {
    const runes = [...str(s, 'trunc')];
    const n = Number(toInt(c));
    if (n < 0 && runes.length + n > 0) return runes.slice(runes.length + n).join('');
    return n >= 0 && runes.length > n ? runes.slice(0, n).join('') : runes.join('');
  },
  substr: (a, b, s) => {
    const v = str(s, 'substr');
    const start = Number(toInt(a));
    const end = Number(toInt(b));
    if (start < 0) return v.slice(0, end);
    if (end < 0 || end > v.length) return v.slice(start);
    return v.slice(start, end);
  },
  contains: (sub, s) => str(s, 'contains').includes(str(sub, 'contains')),
  hasPrefix: (p, s) => str(s, 'hasPrefix').startsWith(str(p, 'hasPrefix')),
  hasSuffix: (p, s) => str(s, 'hasSuffix').endsWith(str(p, 'hasSuffix')),
  indent: (n, s) => indent(toInt(n), str(s, 'indent')),
  nindent: (n, s) => `\n${indent(toInt(n), str(s, 'nindent'))}`,
  replace: (o, n, s) => str(s, 'replace').replaceAll(str(o, 'replace'), str(n, 'replace')),
  repeat: (n, s) => str(s, 'repeat').repeat(Math.max(0, Math.min(Number(toInt(n)), 10_000))),
  trim: (s) => str(s, 'trim').trim(),
  trimAll: (c, s) => cutset(str(s, 'trimAll'), str(c, 'trimAll'), true, true),
  trimPrefix: (p, s) => stringFunctions.TrimPrefix?.(s as GoValue, p as GoValue) as string,
  trimSuffix: (p, s) => stringFunctions.TrimSuffix?.(s as GoValue, p as GoValue) as string,
  len: (v) => {
    if (v instanceof Map) return BigInt(v.size);
    if (Array.isArray(v)) return BigInt(v.length);
    return BigInt(Buffer.byteLength(str(v, 'len')));
  },
  print: (...a) =>
    a
      .map(formatValue)
      .reduce(
        (out, s, i) =>
          out + (i > 0 && typeof a[i] !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + s,
        '',
      ),
  printf: (f, ...a) => sprintf(str(f, 'printf'), a),
  println: (...a) => `${a.map(formatValue).join(' ')}\n`,
};
