import { formatDuration, parseDuration } from './duration.js';
import type { Mix } from './plan.js';

/** How much traffic: a number of rounds of the mix, or sending for a time. */
export type TrafficLimit = { iterations: number } | { durationMs: number };

export interface TrafficOptions {
  target: URL;
  limit: TrafficLimit;
  /** Closed loop only: the wait after each round, the lab's `sleep 0.5`. */
  pauseMs: number;
  /** Requests per second on a fixed schedule (open loop); undefined runs the lab's closed loop. */
  rate?: number;
  /** Most requests in flight; in the closed loop, the number of loops side by side. */
  concurrency: number;
  mix: Mix;
  seed?: number;
  json: boolean;
}

export const DEFAULTS = {
  target: 'http://localhost:8080',
  iterations: 50,
  pauseMs: 500,
  closedConcurrency: 1,
  openConcurrency: 64,
  mix: '1:1',
} as const;

const MAX_ITERATIONS = 10_000_000;
const MAX_DURATION_MS = 24 * 3_600_000;
const MAX_RATE = 10_000;
const MAX_CONCURRENCY = 1_000;
const MAX_MIX_WEIGHT = 100;

const VALUE_FLAGS = new Set([
  '--target',
  '--iterations',
  '--duration',
  '--pause',
  '--rate',
  '--concurrency',
  '--mix',
  '--seed',
]);

type Parsed = TrafficOptions | { help: true } | { errors: string[] };

function integer(flag: string, raw: string, min: number, max: number, errors: string[]) {
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
  errors.push(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return undefined;
}

function duration(flag: string, raw: string, min: number, errors: string[]) {
  const ms = parseDuration(raw);
  if (ms !== undefined && ms >= min && ms <= MAX_DURATION_MS) return ms;
  errors.push(
    `${flag} must be a time like 500ms, 30s, 5m or 1h, ${min > 0 ? 'above 0' : 'from 0'} up to ${formatDuration(MAX_DURATION_MS)}, got ${JSON.stringify(raw)}`,
  );
  return undefined;
}

function target(raw: string, errors: string[]): URL | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  errors.push(`--target must be an http:// or https:// URL, got ${JSON.stringify(raw)}`);
  return undefined;
}

function mix(raw: string, errors: string[]): Mix | undefined {
  const match = /^(\d+):(\d+)$/.exec(raw);
  const orders = Number(match?.[1]);
  const products = Number(match?.[2]);
  if (match && orders <= MAX_MIX_WEIGHT && products <= MAX_MIX_WEIGHT && orders + products > 0) {
    return { orders, products };
  }
  errors.push(
    `--mix must be ORDERS:PRODUCTS with whole numbers up to ${MAX_MIX_WEIGHT}, not both 0 (e.g. 1:1 or 1:3), got ${JSON.stringify(raw)}`,
  );
  return undefined;
}

/** Splits argv into flag values, reporting unknown, valueless and repeated flags. */
function collect(argv: string[], errors: string[]) {
  const values = new Map<string, string>();
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.split(/=(.*)/s, 2);
    if (flag === '-h' || flag === '--help') help = true;
    else if (flag === '--json') json = true;
    else if (!VALUE_FLAGS.has(flag)) {
      errors.push(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument ${arg}`);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        errors.push(`${flag} needs a value`);
        if (value !== undefined) i -= 1;
      } else if (values.has(flag)) errors.push(`${flag} is given twice`);
      else values.set(flag, value);
    }
  }
  return { values, json, help };
}

/** Parses `npm run traffic` arguments, reporting every problem at once. */
export function parseTrafficArgs(argv: string[]): Parsed {
  const errors: string[] = [];
  const { values, json, help } = collect(argv, errors);
  if (help) return { help: true };
  const raw = (flag: string) => values.get(flag);

  if (raw('--iterations') !== undefined && raw('--duration') !== undefined) {
    errors.push('--iterations and --duration cannot be used together: choose one limit');
  }
  if (raw('--pause') !== undefined && raw('--rate') !== undefined) {
    errors.push(
      '--pause and --rate cannot be used together: --pause spaces the rounds of the closed loop, --rate schedules every request',
    );
  }
  const at = (flag: string, parse: (text: string) => number | undefined) => {
    const text = raw(flag);
    return text === undefined ? undefined : parse(text);
  };
  const iterations = at('--iterations', (t) =>
    integer('--iterations', t, 1, MAX_ITERATIONS, errors),
  );
  const durationMs = at('--duration', (t) => duration('--duration', t, 1, errors));
  const pauseMs = at('--pause', (t) => duration('--pause', t, 0, errors));
  const rate = at('--rate', (t) => {
    const value = Number(t);
    if (t.trim() !== '' && value > 0 && value <= MAX_RATE) return value;
    errors.push(
      `--rate must be requests per second above 0 up to ${MAX_RATE}, got ${JSON.stringify(t)}`,
    );
    return undefined;
  });
  const concurrency = at('--concurrency', (t) =>
    integer('--concurrency', t, 1, MAX_CONCURRENCY, errors),
  );
  const seed = at('--seed', (t) => integer('--seed', t, 0, 2 ** 32 - 1, errors));
  const parsedTarget = target(raw('--target') ?? DEFAULTS.target, errors);
  const parsedMix = mix(raw('--mix') ?? DEFAULTS.mix, errors);

  if (errors.length > 0 || !parsedTarget || !parsedMix) return { errors };
  const open = raw('--rate') !== undefined;
  return {
    target: parsedTarget,
    limit:
      durationMs !== undefined ? { durationMs } : { iterations: iterations ?? DEFAULTS.iterations },
    pauseMs: pauseMs ?? DEFAULTS.pauseMs,
    rate,
    concurrency: concurrency ?? (open ? DEFAULTS.openConcurrency : DEFAULTS.closedConcurrency),
    mix: parsedMix,
    seed,
    json,
  };
}
