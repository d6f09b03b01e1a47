import { seededRandom } from '@otel-lab/testkit';

/**
 * Seeded random requests for the main endpoints of the query port: each takes the endpoint's
 * own parameters (and a stray one now and then) with values drawn from atoms an attacker or a
 * careless script would send, joined and repeated. The same seed gives the same requests, so a
 * failure names a request that replays.
 */

/** The endpoints and the parameters each reads. */
const ENDPOINTS: readonly { path: string; params: readonly string[] }[] = [
  { path: '/api/v1/query', params: ['query', 'time', 'timeout', 'lookback_delta'] },
  { path: '/api/v1/query_range', params: ['query', 'start', 'end', 'step', 'timeout'] },
  { path: '/api/v1/series', params: ['match[]', 'start', 'end', 'limit'] },
  { path: '/api/v1/labels', params: ['match[]', 'start', 'end', 'limit'] },
  { path: '/api/v1/label/job/values', params: ['match[]', 'start', 'end', 'limit'] },
  { path: '/api/v1/label/__name__/values', params: ['match[]', 'start', 'end', 'limit'] },
  { path: '/api/v1/query_exemplars', params: ['query', 'start', 'end'] },
  { path: '/api/v1/metadata', params: ['metric', 'limit', 'limit_per_metric'] },
  { path: '/api/v1/targets', params: ['state', 'scrapePool'] },
  {
    path: '/api/traces',
    params: [
      'service',
      'operation',
      'tags',
      'tag',
      'start',
      'end',
      'minDuration',
      'maxDuration',
      'limit',
      'lookback',
      'traceID',
      'raw',
    ],
  },
  { path: '/api/operations', params: ['service', 'spanKind'] },
  { path: '/api/dependencies', params: ['endTs', 'lookback', 'service'] },
  {
    path: '/api/v3/traces',
    params: [
      'query.service_name',
      'query.operation_name',
      'query.attributes',
      'query.start_time_min',
      'query.start_time_max',
      'query.duration_min',
      'query.duration_max',
      'query.search_depth',
      'query.raw_traces',
    ],
  },
  { path: '/api/v3/operations', params: ['service', 'span_kind'] },
  {
    path: '/api/logs',
    params: [
      'start',
      'end',
      'service',
      'minSeverity',
      'text',
      'attr.order.id',
      'traceId',
      'spanId',
      'limit',
      'before',
      'after',
    ],
  },
  {
    path: '/api/search/traces',
    params: [
      'start',
      'end',
      'service',
      'operation',
      'filter',
      'errors',
      'minDuration',
      'maxDuration',
      'sort',
      'limit',
      'offset',
    ],
  },
  { path: '/api/service-map', params: ['start', 'end', 'service'] },
];

/** Values that have broken parsers somewhere: numbers at the edges, escapes, syntax, keys. */
const ATOMS: readonly string[] = [
  '',
  ' ',
  '0',
  '-1',
  '1',
  '15',
  '1e309',
  '-1e309',
  '1e-300',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999999999',
  '0x1F',
  '1.5',
  '.5',
  '5.',
  '+1',
  '1_000',
  '15s',
  '1h30m',
  '1000y',
  '-5m',
  '100ms',
  '1.5h',
  '2026-12-06T10:00:00Z',
  '2026-13-45T99:99:99Z',
  '1767357420.123',
  'now',
  '%',
  '%E0',
  '%zz',
  '%00',
  '\u0000',
  '\uD800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '"',
  "'",
  '`',
  '\\',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  '=~',
  '!~',
  '.*',
  '.+',
  '(?i)',
  '[[:',
  '(.*.*)*x',
  '(a)\\1',
  '(?=a)',
  'up',
  'hostile_gauge',
  'hostile_gauge{route=~"/api/.*"}',
  '{job=~".*"}',
  'sum by (route) (rate(hostile_gauge[5m]))',
  'histogram_quantile(0.9, rate(x_bucket[5m]))',
  'label_replace(up, "a", "$1", "job", "(.*)")',
  'rate(up[1000y:1ms])',
  'up offset 1000y',
  'up @ 1e300',
  '1 / 0',
  'demo-app',
  'payment-service',
  'POST /api/orders',
  '{"http.route":"/api/orders"}',
  '{"constructor":"x"}',
  '{"__proto__":{"a":1}}',
  '{"a":',
  '[]',
  'null',
  'true',
  'false',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'http.route=/api/orders',
  'order.id',
  'duration>5',
  'a<=b',
  'error:true',
  'server',
  'unspecified',
  '4bf92f3577b34da6a3ce929d0e0e4736',
  '00f067aa0ba902b7',
  'ffffffffffffffffffffffffffffffff',
  'INFO',
  'FATAL',
  'time',
  'duration',
  'spans',
  'active',
  '<script>alert(1)</script>',
  "'; DROP TABLE spans; --",
  "read_text('/etc/passwd')",
];

const MUTATIONS: readonly ((value: string, random: () => number) => string)[] = [
  (value) => value,
  (value) => value,
  (value, random) => value.repeat(2 + Math.floor(random() * 200)),
  (value, random) => value.slice(0, Math.floor(random() * (value.length + 1))),
  (value) => `${value}${value}`,
  (value, random) => [...value].map((c) => (random() < 0.1 ? '%' : c)).join(''),
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function value(random: () => number): string {
  const parts = 1 + Math.floor(random() * 3);
  let text = '';
  for (let i = 0; i < parts; i += 1) text += pick(ATOMS, random);
  return pick(MUTATIONS, random)(text, random);
}

/** Percent-escapes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD's bytes). */
function escapeBytes(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Escapes most values properly and sends some raw, so malformed escapes reach the server. */
function encode(text: string, random: () => number): string {
  if (random() < 0.15) return escapeBytes(text).replace(/%25/g, '%');
  return escapeBytes(text);
}

/** The `index`th request path of the run seeded with `seed`. */
export function fuzzPath(seed: number, index: number): string {
  const random = seededRandom(seed * 1_000_003 + index);
  const endpoint = pick(ENDPOINTS, random);
  const pairs: string[] = [];
  for (const name of endpoint.params) {
    if (random() < 0.5) pairs.push(`${escapeBytes(name)}=${encode(value(random), random)}`);
  }
  if (random() < 0.1)
    pairs.push(`${encode(value(random), random)}=${encode(value(random), random)}`);
  return `${endpoint.path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}
