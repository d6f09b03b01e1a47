/**
 * Hostile requests for every endpoint of the query port and the OTLP port, as data: what an
 * attacker (or any web page the user opens) can send, and what each must be answered with. Every
 * answer must also come within 2 s and be bounded in size, and the backend must stay ready after
 * it (hostile-input.test.ts checks those for every row).
 */
import { gzipSync } from 'node:zlib';
import type { HostileAnswer, HostileRequest } from './hostile-client.js';

export interface HostileCase extends HostileRequest {
  name: string;
  port: 'query' | 'otlp';
  /** The statuses allowed; by default any 2xx-4xx. */
  expect?: readonly number[];
  /** A further check of the answer: a message when it is wrong. */
  check?: (answer: HostileAnswer) => string | undefined;
}

const BAD = [400] as const;
const OK_OR_BAD = [200, 400] as const;
const OK = [200] as const;

const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
const longText = (n: number, unit = 'a') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** The endpoints that take a series selector, with how each takes it. */
const SELECTOR_ENDPOINTS: ((selector: string) => string)[] = [
  (s) => `/api/v1/query${q({ query: s })}`,
  (s) => `/api/v1/query_range${q({ query: s, start: '0', end: '3600', step: '60' })}`,
  (s) => `/api/v1/series${q({ 'match[]': s })}`,
  (s) => `/api/v1/labels${q({ 'match[]': s })}`,
  (s) => `/api/v1/label/job/values${q({ 'match[]': s })}`,
  (s) => `/api/v1/query_exemplars${q({ query: s, start: '0', end: '3600' })}`,
];

/** Regexes Go's regexp refuses: each is a 400 at every selector endpoint. */
const INVALID_REGEXES = [
  '[[:',
  '[[:alpha:',
  '(a)\\1',
  '(?=a)',
  '(?<=a)b',
  '(?!a)',
  'a{1001}',
  '(',
  'x**',
  '\\8',
];

/** Valid regexes that take exponential time on a backtracking engine: 200, quickly. */
const PATHOLOGICAL_REGEXES = [
  '(.*.*)*x',
  '(a|aa)+$',
  '(\\w+\\s?)+$',
  '([a-z_]+)*[0-9]',
  '(.*){20}x',
];

/** Selectors Prometheus refuses for selecting every series. */
const EMPTY_MATCHING = [
  '{job=~".*"}',
  '{job=~"(?i).*"}',
  '{job!~".+"}',
  '{job=""}',
  '{job=~"|a?"}',
];

function selectorCases(): HostileCase[] {
  const rows: HostileCase[] = [];
  for (const at of SELECTOR_ENDPOINTS) {
    for (const regex of INVALID_REGEXES) {
      rows.push({
        name: `invalid regex ${regex} at ${at('x').split('?')[0]}`,
        port: 'query',
        path: at(`{__name__=~${JSON.stringify(regex)}}`),
        expect: BAD,
        check: (a) => (/"bad_data"/.test(a.text) ? undefined : 'not a bad_data error'),
      });
    }
    for (const regex of PATHOLOGICAL_REGEXES) {
      rows.push({
        name: `pathological regex ${regex} at ${at('x').split('?')[0]}`,
        port: 'query',
        path: at(`{__name__=~${JSON.stringify(regex)}}`),
        expect: OK,
      });
    }
    for (const selector of EMPTY_MATCHING) {
      rows.push({
        name: `selector matching everything ${selector} at ${at('x').split('?')[0]}`,
        port: 'query',
        path: at(selector),
        expect: BAD,
      });
    }
  }
  return rows;
}

/** Paths that decode a segment, with a malformed escape in it. */
const MALFORMED_PATHS = [
  '/api/dashboards/%E0',
  '/api/dashboards/%',
  '/api/traces/%E0',
  '/api/traces/%zz',
  '/api/v3/traces/%E0',
  '/api/services/%E0/operations',
  '/api/export/traces/%E0',
  '/api/v1/label/%E0/values',
  '/api/v1/label/%/values',
  '/api/v2/traces/%E0',
  '/api/search/tag/%E0/values',
  '/api/v2/search/tag/%E0/values',
];

/** Every GET endpoint of the query port, for the checks that apply to all of them. */
export const QUERY_GETS = [
  '/api/v1/query?query=up',
  '/api/v1/query_range?query=up&start=0&end=60&step=15',
  '/api/v1/series?match[]=up',
  '/api/v1/labels',
  '/api/v1/label/job/values',
  '/api/v1/query_exemplars?query=up',
  '/api/v1/metadata',
  '/api/v1/targets',
  '/api/v1/status/buildinfo',
  '/api/v1/rules',
  '/api/v1/alerts',
  '/api/services',
  '/api/services/demo-app/operations',
  '/api/operations?service=demo-app',
  '/api/traces?service=demo-app',
  '/api/dependencies',
  '/api/v3/services',
  '/api/v3/operations?service=demo-app',
  '/api/v3/traces?query.service_name=demo-app&query.start_time_min=2020-01-01T00:00:00Z&query.start_time_max=2030-01-01T00:00:00Z',
  '/api/echo',
  '/api/status/buildinfo',
  '/api/v2/traces/0af7651916cd43dd8448eb211c80319c',
  '/api/search?q=%7B%7D',
  '/api/search?tags=service.name%3Ddemo-app',
  '/api/search/tags',
  '/api/v2/search/tags',
  '/api/search/tag/service.name/values',
  '/api/v2/search/tag/resource.service.name/values',
  '/api/metrics/query_range?q=%7B%7D%20%7C%20rate()',
  '/api/metrics/query?q=%7B%7D%20%7C%20rate()',
  '/api/logs',
  '/api/search/traces',
  '/api/service-map',
  '/api/dashboards',
  '/api/status',
  '/search',
  '/',
];

function encodingCases(): HostileCase[] {
  const rows: HostileCase[] = MALFORMED_PATHS.map((path) => ({
    name: `malformed escape in the path ${path}`,
    port: 'query',
    path,
    expect: BAD,
  }));
  for (const path of QUERY_GETS.filter((p) => p.startsWith('/api/'))) {
    const joiner = path.includes('?') ? '&' : '?';
    rows.push({
      name: `malformed escape in the query string of ${path}`,
      port: 'query',
      path: `${path}${joiner}x=%E0%A4%A`,
      expect: BAD,
    });
  }
  rows.push(
    {
      name: 'malformed escape in a form body',
      port: 'query',
      method: 'POST',
      path: '/api/v1/query',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=up%E0',
      expect: BAD,
    },
    {
      name: 'malformed escape in the access cookie',
      port: 'query',
      path: '/api/status',
      headers: { cookie: 'otel_lab_token=%E0' },
      expect: BAD,
    },
    {
      name: "malformed escape in another localhost app's cookie (not read)",
      port: 'query',
      path: '/api/status',
      headers: { cookie: 'grafana_session=%E0%zz' },
      expect: OK,
    },
    {
      name: 'a lone surrogate escaped in a label name',
      port: 'query',
      path: '/api/v1/label/%ED%A0%80/values',
      expect: BAD,
    },
  );
  return rows;
}

function limitCases(): HostileCase[] {
  const rows: [string, string, readonly number[]][] = [
    ['Jaeger limit past its maximum', '/api/traces?service=demo-app&limit=2147483647', BAD],
    ['Jaeger negative limit', '/api/traces?service=demo-app&limit=-1', BAD],
    ['Jaeger limit over 2^64', '/api/traces?service=demo-app&limit=99999999999999999999999', BAD],
    [
      'api_v3 search_depth past its maximum',
      '/api/v3/traces?query.service_name=demo-app&query.start_time_min=2020-01-01T00:00:00Z&query.start_time_max=2030-01-01T00:00:00Z&query.search_depth=9007199254740991',
      BAD,
    ],
    [
      'Jaeger lookback of ten thousand years',
      '/api/dependencies?lookback=315360000000000',
      OK_OR_BAD,
    ],
    ['Jaeger endTs far in the future', '/api/dependencies?endTs=9223372036854775807', OK_OR_BAD],
    ['log limit past its maximum', '/api/logs?limit=100000000', BAD],
    ['log limit negative', '/api/logs?limit=-5', BAD],
    ['log cursor that is no cursor', '/api/logs?before=abc', BAD],
    ['trace search limit past its maximum', '/api/search/traces?limit=1000000000', BAD],
    ['trace search offset past its maximum', '/api/search/traces?offset=1000000000000000000', BAD],
    [
      'range query with a tiny step over a year',
      '/api/v1/query_range?query=up&start=0&end=31536000&step=0.001',
      BAD,
    ],
    ['range query with a zero step', '/api/v1/query_range?query=up&start=0&end=60&step=0', BAD],
    [
      'range query with a negative step',
      '/api/v1/query_range?query=up&start=0&end=60&step=-1',
      BAD,
    ],
    [
      'range query with end before start',
      '/api/v1/query_range?query=up&start=60&end=0&step=1',
      BAD,
    ],
    ['a time of 1e300 seconds', '/api/v1/query?query=up&time=1e300', OK_OR_BAD],
    ['a time of NaN', '/api/v1/query?query=up&time=NaN', OK_OR_BAD],
    ['a timeout of zero', '/api/v1/query?query=up&timeout=0s', [200, 400, 503]],
    ['series limit negative', '/api/v1/series?match[]=up&limit=-1', BAD],
    ['rules of an unknown type', '/api/v1/rules?type=__proto__', BAD],
    ['rules with a selector that does not parse', '/api/v1/rules?match[]=%7Bjob%3D', BAD],
    ['rules with exclude_alerts no boolean', '/api/v1/rules?exclude_alerts=maybe', BAD],
    ['rules with a group_limit past int32', '/api/v1/rules?group_limit=9223372036854775808', BAD],
    ['rules with a page token of no group', '/api/v1/rules?group_limit=1&group_next_token=x', BAD],
    ['series limit that is no number', '/api/v1/series?match[]=up&limit=lots', BAD],
    [
      'an offset of a million years',
      `/api/v1/query${q({ query: 'up offset 1000000y' })}`,
      OK_OR_BAD,
    ],
    [
      'a subquery of a thousand years at 1ms',
      `/api/v1/query${q({ query: 'rate(up[1000y:1ms])' })}`,
      [400, 422],
    ],
    ['a range of a thousand years', `/api/v1/query${q({ query: 'rate(up[1000y])' })}`, OK_OR_BAD],
    [
      'many selectors over a long range',
      `/api/v1/query_range${q({
        query: Array.from({ length: 40 }, (_, i) => `hostile_gauge offset ${i}s`).join(' + '),
        start: '0',
        end: String(Math.floor(Date.now() / 1000)),
        step: String(Math.ceil(Date.now() / 1000 / 10_000)),
      })}`,
      [200, 400, 422],
    ],
    ['export window of all time', '/api/export?start=0&end=9000000000000', OK_OR_BAD],
    ['metadata limit negative', '/api/v1/metadata?limit=-1', OK_OR_BAD],
  ];
  return rows.map(([name, path, expect]) => ({ name, port: 'query', path, expect }));
}

function sizeCases(): HostileCase[] {
  const deep = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
  const unary = (n: number) => `${'-'.repeat(n)}1`;
  const sum = (n: number) => Array.from({ length: n }, () => 'hostile_gauge').join(' + ');
  const form = (query: string): HostileRequest => ({
    method: 'POST',
    path: '/api/v1/query',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `query=${encodeURIComponent(query)}`,
  });
  // Patterns a backtracking regex in a parameter parser would take seconds on.
  const digits = longText(12_000, '0');
  return [
    {
      name: 'parentheses nested 2,500 deep',
      port: 'query',
      path: `/api/v1/query${q({ query: deep(2500) })}`,
      expect: OK_OR_BAD,
    },
    {
      name: 'parentheses nested 100,000 deep in a form',
      port: 'query',
      ...form(deep(100_000)),
      expect: OK_OR_BAD,
    },
    {
      name: 'a unary minus 100,000 deep in a form',
      port: 'query',
      ...form(unary(100_000)),
      expect: OK_OR_BAD,
    },
    {
      name: 'a sum of 2,000 selectors in a form',
      port: 'query',
      ...form(sum(2000)),
      expect: [200, 400, 422],
    },
    { name: 'a 1 MB query', port: 'query', ...form(longText(1_000_000, 'up+')), expect: OK_OR_BAD },
    {
      name: 'a 3 MB string literal',
      port: 'query',
      ...form(`"${longText(3_000_000)}"`),
      expect: BAD,
      check: (a) =>
        /at most 1048576 \(1 MiB\)/.test(a.text) ? undefined : 'does not name the cap',
    },
    {
      name: 'a form body past the limit',
      port: 'query',
      ...form(longText(6_000_000)),
      expect: [400, 413],
    },
    ...(
      [
        ['/api/v1/series', 2_000],
        ['/api/v1/series', 20_000],
        ['/api/v1/labels', 20_000],
      ] as const
    ).map(
      ([path, count]): HostileCase => ({
        name: `${count.toLocaleString('en')} match[] selectors in one form to ${path}`,
        port: 'query',
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Array.from(
          { length: count },
          (_, i) => `match[]=${encodeURIComponent(`{series=~"s${i}.*"}`)}`,
        ).join('&'),
        expect: BAD,
        check: (a) => (/at most 1,?000/.test(a.text) ? undefined : 'does not name the match[] cap'),
      }),
    ),
    {
      name: '2,000 match[] selectors in a GET to /api/v1/rules',
      port: 'query',
      path: `/api/v1/rules?${Array.from({ length: 2_000 }, (_, i) => `match[]=${encodeURIComponent(`{a="${i}"}`)}`).join('&')}`,
      expect: BAD,
      check: (a) => (/at most 1,?000/.test(a.text) ? undefined : 'does not name the match[] cap'),
    },
    {
      // Prometheus takes label values only as a GET; 2,000 short selectors fit its 64 KiB of headers.
      name: '2,000 match[] selectors in a GET to /api/v1/label/job/values',
      port: 'query',
      path: `/api/v1/label/job/values?${Array.from({ length: 2_000 }, (_, i) => `match[]=${encodeURIComponent(`{a="${i}"}`)}`).join('&')}`,
      expect: BAD,
      check: (a) => (/at most 1,?000/.test(a.text) ? undefined : 'does not name the match[] cap'),
    },
    {
      name: '1,000 match[] selectors with start and end (one read for all)',
      port: 'query',
      method: 'POST',
      path: '/api/v1/series',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `start=0&end=${Math.floor(Date.now() / 1000) + 3600}&${Array.from(
        { length: 1_000 },
        (_, i) => `match[]=${encodeURIComponent(`{__name__=~"s${i}.*"}`)}`,
      ).join('&')}`,
      expect: OK,
    },
    {
      name: 'a long label name',
      port: 'query',
      path: `/api/v1/label/${longText(12_000)}/values`,
      expect: OK_OR_BAD,
    },
    {
      name: 'a time of 12,000 digits then a letter',
      port: 'query',
      path: `/api/v1/query?query=up&time=${digits}x`,
      expect: BAD,
    },
    {
      name: 'a step of 12,000 digits then a letter',
      port: 'query',
      path: `/api/v1/query_range?query=up&start=0&end=1&step=${digits}x`,
      expect: BAD,
    },
    {
      name: 'a time of 3 MB of digits in a form',
      port: 'query',
      ...form('up'),
      body: `query=up&time=${longText(3_000_000, '0')}x`,
      expect: BAD,
    },
    {
      name: 'a Go duration of 12,000 digits',
      port: 'query',
      path: `/api/traces?service=demo-app&minDuration=${digits}`,
      expect: BAD,
    },
    {
      name: 'a trace filter of 12,000 spaces',
      port: 'query',
      path: `/api/search/traces?filter=a${longText(12_000, '+')}`,
      expect: OK_OR_BAD,
    },
    {
      name: 'a PromQL duration of 12,000 digits',
      port: 'query',
      path: `/api/v1/query${q({ query: `rate(up[${digits}])` })}`,
      expect: BAD,
    },
    {
      name: 'an unknown function after 12,000 letters',
      port: 'query',
      path: `/api/v1/query${q({ query: `${longText(12_000, 'A')}\u0000A(` })}`,
      expect: BAD,
    },
    {
      name: 'a log text filter of 5,000 characters',
      port: 'query',
      path: `/api/logs${q({ text: longText(5000, '%_') })}`,
      expect: OK,
    },
    {
      name: 'Jaeger tags nested 600 deep',
      port: 'query',
      path: `/api/traces${q({ service: 'demo-app', tags: `${'{"a":'.repeat(600)}1${'}'.repeat(600)}` })}`,
      expect: BAD,
    },
    {
      name: 'Jaeger tags that are no JSON',
      port: 'query',
      path: `/api/traces${q({ service: 'demo-app', tags: '{"a":' })}`,
      expect: BAD,
    },
    {
      name: '400 tag parameters',
      port: 'query',
      path: `/api/traces?service=demo-app&${Array.from({ length: 400 }, (_, i) => `tag=k${i}:v`).join('&')}`,
      expect: BAD,
    },
  ];
}

const PROTOTYPE_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
];

function prototypeCases(): HostileCase[] {
  const rows: HostileCase[] = [];
  for (const key of PROTOTYPE_KEYS) {
    const paths = [
      `/api/traces${q({ service: 'demo-app', tags: JSON.stringify({ [key]: 'x' }) })}`,
      `/api/traces${q({ service: 'demo-app', tags: JSON.stringify({ 'span.kind': key }) })}`,
      `/api/traces${q({ service: 'demo-app', tag: `${key}:1` })}`,
      `/api/operations${q({ service: 'demo-app', spanKind: key })}`,
      `/api/v3/operations${q({ service: 'demo-app', span_kind: key })}`,
      `/api/v3/traces${q({
        'query.service_name': 'demo-app',
        'query.start_time_min': '2020-01-01T00:00:00Z',
        'query.start_time_max': '2030-01-01T00:00:00Z',
        'query.attributes': JSON.stringify({ [key]: 'x' }),
      })}`,
      `/api/logs${q({ [`attr.${key}`]: 'x', minSeverity: key })}`,
      `/api/logs${q({ [`attr.${key}`]: 'x' })}`,
      `/api/search/traces${q({ filter: `${key}=1`, sort: key })}`,
      `/api/search/traces${q({ filter: `${key}>1` })}`,
      `/api/v1/label/${key}/values`,
      `/api/v1/query${q({ query: `${key}{${key}="x"}` })}`,
      `/api/v1/metadata${q({ metric: key })}`,
      `/api/v1/targets${q({ state: key })}`,
      `/api/v1/rules${q({ 'rule_name[]': key, 'rule_group[]': key, 'file[]': key, 'match[]': `{${key}="x"}` })}`,
      `/api/dashboards/${key}`,
      `/api/services/${key}/operations`,
      `/api/service-map${q({ service: key })}`,
    ];
    for (const path of paths) {
      rows.push({
        name: `prototype key ${key}: ${path.split('?')[0]}`,
        port: 'query',
        path,
        expect: [200, 400, 404],
        // DuckDB's own messages would mean request text reached SQL text.
        check: (a) =>
          /Parser Error|Binder Error|syntax error/i.test(a.text)
            ? `SQL error: ${a.text.slice(0, 200)}`
            : undefined,
      });
    }
  }
  return rows;
}

function crossSiteCases(): HostileCase[] {
  const rows: HostileCase[] = [];
  const malformed = new Set(['', 'localhost:16686@evil.example', '[::1]junk', 'localhost:0']);
  for (const host of [
    'evil.example',
    'evil.example:16686',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'attacker',
    ...malformed,
  ]) {
    for (const path of [
      '/api/traces?service=demo-app',
      '/api/v1/query?query=up',
      '/api/logs',
      '/api/export?start=0&end=9000000000000',
      '/search',
    ]) {
      rows.push({
        name: `Host ${JSON.stringify(host)}: ${path}`,
        port: 'query',
        path,
        headers: { host },
        expect: [malformed.has(host) ? 400 : 403],
      });
    }
  }
  rows.push(
    {
      name: 'import as text/plain (a form any page may post)',
      port: 'query',
      method: 'POST',
      path: '/api/import',
      headers: { 'content-type': 'text/plain' },
      body: '{"resourceSpans":[]}',
      expect: [415],
    },
    {
      name: 'import as a urlencoded form',
      port: 'query',
      method: 'POST',
      path: '/api/import',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"resourceSpans":[]}',
      expect: [415],
    },
    {
      name: 'OpenMetrics import as text/plain',
      port: 'query',
      method: 'POST',
      path: '/api/import/openmetrics',
      headers: { 'content-type': 'text/plain' },
      body: '# EOF\n',
      expect: [415],
    },
    {
      name: 'reload from a cross-site Origin',
      port: 'query',
      method: 'POST',
      path: '/-/reload',
      headers: { origin: 'http://evil.example' },
      expect: [403],
    },
    {
      name: 'reload with a form any page may post',
      port: 'query',
      method: 'POST',
      path: '/-/reload',
      headers: { 'content-type': 'text/plain' },
      body: 'reload',
      expect: [415],
    },
    {
      name: 'import from a cross-site Origin',
      port: 'query',
      method: 'POST',
      path: '/api/import',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{"resourceSpans":[]}',
      expect: [403],
    },
    {
      name: 'OTLP preflight from a foreign origin gets no CORS grant',
      port: 'otlp',
      method: 'OPTIONS',
      path: '/v1/traces',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
      check: (a) =>
        a.headers['access-control-allow-origin'] ? 'foreign origin allowed' : undefined,
    },
    {
      name: 'OTLP post from a foreign origin is refused, with no CORS grant',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
      expect: [403],
      check: (a) =>
        a.headers['access-control-allow-origin'] ? 'foreign origin allowed' : undefined,
    },
    {
      name: 'OTLP preflight from a loopback origin is granted',
      port: 'otlp',
      method: 'OPTIONS',
      path: '/v1/traces',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      check: (a) =>
        a.headers['access-control-allow-origin'] === 'http://localhost:5173'
          ? undefined
          : 'loopback origin refused',
    },
  );
  return rows;
}

function methodCases(): HostileCase[] {
  const rows: HostileCase[] = [];
  for (const path of QUERY_GETS) {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'TRACE']) {
      rows.push({
        name: `${method} ${path}`,
        port: 'query',
        method,
        path,
        expect: [400, 404, 405],
      });
    }
  }
  rows.push({
    name: 'DELETE on an unknown path',
    port: 'query',
    method: 'DELETE',
    path: '/nowhere',
    expect: [404],
  });
  return rows;
}

function otlpCases(): HostileCase[] {
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  const nested = (n: number) =>
    `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(n)}{"intValue":"1"}${'}]}}'.repeat(n)}`;
  const json = { 'content-type': 'application/json' };
  return [
    {
      name: 'a gzip bomb',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: bomb,
      expect: [413],
    },
    {
      name: 'invalid gzip',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: 'not gzip',
      expect: BAD,
    },
    {
      name: 'an unknown content encoding',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: { ...json, 'content-encoding': 'br' },
      body: '{}',
      expect: [415],
    },
    {
      name: 'a declared length past the limit',
      port: 'otlp',
      method: 'POST',
      path: '/v1/logs',
      headers: { ...json, 'content-length': '999999999999', connection: 'close' },
      body: '',
      expect: [400, 413],
    },
    {
      name: 'JSON that is no JSON',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: json,
      body: '{"resourceSpans":[',
      expect: BAD,
    },
    {
      name: 'a bad trace id',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: json,
      body: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"00f067aa0ba902b7"}]}]}]}',
      expect: BAD,
    },
    {
      name: 'protobuf garbage',
      port: 'otlp',
      method: 'POST',
      path: '/v1/metrics',
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]),
      expect: BAD,
    },
    {
      name: 'an attribute value nested 2,000 deep',
      port: 'otlp',
      method: 'POST',
      path: '/v1/logs',
      headers: json,
      body: `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${nested(2000)}}]}]}]}`,
      expect: OK_OR_BAD,
    },
    {
      name: 'text/plain',
      port: 'otlp',
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
      expect: [415],
    },
    {
      name: 'a malformed escape in the OTLP path',
      port: 'otlp',
      method: 'POST',
      path: '/v1/%E0',
      headers: json,
      body: '{}',
      expect: [400, 404],
    },
    {
      name: 'GET on an OTLP path',
      port: 'otlp',
      method: 'GET',
      path: '/v1/traces?x=%E0',
      expect: [405],
    },
    {
      name: 'an unknown OTLP path',
      port: 'otlp',
      method: 'POST',
      path: '/v2/traces',
      headers: json,
      body: '{}',
      expect: [404],
    },
  ];
}

/** Every hostile case, by family. */
export function hostileCases(): HostileCase[] {
  return [
    ...encodingCases(),
    ...selectorCases(),
    ...limitCases(),
    ...sizeCases(),
    ...prototypeCases(),
    ...crossSiteCases(),
    ...methodCases(),
    ...otlpCases(),
  ];
}
