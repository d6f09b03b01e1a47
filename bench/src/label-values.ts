/**
 * A series index's label values as a busy lab has them: metric names built from common words with
 * Prometheus suffixes, HTTP routes, pod names of a few services (some capitalised), HTTP methods and
 * instance addresses. Deterministic for a seed, so runs compare.
 */
const WORDS = [
  'http',
  'server',
  'client',
  'request',
  'duration',
  'seconds',
  'demo',
  'app',
  'orders',
  'payment',
  'process',
  'cpu',
  'memory',
  'bytes',
  'traces',
  'span',
  'metrics',
  'calls',
  'db',
  'operation',
  'node',
  'go',
  'gc',
  'active',
  'requests',
  'errors',
  'queue',
  'size',
];
const SUFFIXES = ['_total', '_bucket', '_count', '_sum', ''];
const SERVICES = ['demo-app', 'payment-service', 'Demo-App', 'checkout', 'frontend'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** mulberry32: a small seeded generator (Math.random cannot be seeded). */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

export function labelValues(count: number, seed = 1): string[] {
  const next = generator(seed);
  const pick = <T>(items: readonly T[]) => items[next(items.length)] as T;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    switch (next(5)) {
      case 0:
      case 1: {
        const words = Array.from({ length: 2 + next(5) }, () => pick(WORDS));
        values.push(words.join('_') + pick(SUFFIXES));
        break;
      }
      case 2:
        values.push(`/api/${pick(WORDS)}/${next(10_000)}`);
        break;
      case 3:
        values.push(`${pick(SERVICES)}-${next(1e8).toString(36)}`);
        break;
      default:
        values.push(next(2) ? pick(METHODS) : `10.0.${next(256)}.${next(256)}:${8000 + next(100)}`);
    }
  }
  return values;
}
