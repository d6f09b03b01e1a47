import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../traffic/duration.js';

/** Where the lab's telemetry is queried: the embedded backend, or the real stack's parts. */
export type Stack =
  | { kind: 'embedded'; backend: string }
  | { kind: 'real'; prometheus: string; jaeger: string; loki?: string; grafana?: string };

export interface VerifyOptions {
  app: string;
  payment: string;
  stack: Stack;
  dashboardFile: string;
  json: boolean;
  /** --wait: how long to check again the checks that lack data; 0 checks once. */
  waitMs: number;
}

const ROOT = join(__dirname, '..', '..', '..', '..');

export const DEFAULTS = {
  app: 'http://localhost:8080',
  payment: 'http://localhost:8081',
  backend: 'http://localhost:16686',
  dashboard: 'dashboards/demo-app.json',
} as const;

const URL_FLAGS = ['app', 'payment', 'backend', 'prometheus', 'jaeger', 'loki', 'grafana'] as const;
type UrlFlag = (typeof URL_FLAGS)[number];

/** The longest --wait: long enough for any lab data, short enough to notice a lab without traffic. */
export const MAX_WAIT_MS = 10 * 60_000;

const VALUE_FLAGS = [...URL_FLAGS, 'dashboard', 'wait'];

function waitOf(raw: string | undefined, errors: string[]): number {
  if (raw === undefined) return 0;
  const ms = parseDuration(raw);
  if (ms === undefined || ms > MAX_WAIT_MS) {
    errors.push(
      `--wait must be a duration of at most ${MAX_WAIT_MS / 60_000}m, such as 60s, 2m or 90 (seconds), got ${JSON.stringify(raw)}`,
    );
    return 0;
  }
  return ms;
}

function url(flag: string, raw: string, errors: string[]): string | undefined {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  errors.push(`--${flag} must be an http:// or https:// URL, got ${JSON.stringify(raw)}`);
  return undefined;
}

/**
 * Parses `npm run verify` arguments, reporting every problem at once. A relative --dashboard is
 * taken from the directory npm was started in (INIT_CWD), not the repository root npm runs in.
 */
export function parseVerifyArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): VerifyOptions | { help: true } | { errors: string[] } {
  const { tokens } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(VALUE_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const errors: string[] = [];
  const given = new Map<string, string>();
  let json = false;
  for (const token of tokens) {
    if (token.kind === 'positional') errors.push(`unexpected argument ${token.value}`);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') return { help: true };
    if (token.name === 'json') json = true;
    else if (!VALUE_FLAGS.includes(token.name)) {
      errors.push(`unknown option ${token.rawName}`);
    } else if (
      token.value === undefined ||
      (token.inlineValue !== true && token.value.startsWith('-'))
    ) {
      errors.push(`--${token.name} needs a value`);
    } else if (given.has(token.name)) errors.push(`--${token.name} is given twice`);
    else given.set(token.name, token.value);
  }
  const urls: Partial<Record<UrlFlag, string>> = {};
  for (const flag of URL_FLAGS) {
    const raw = given.get(flag);
    if (raw !== undefined) urls[flag] = url(flag, raw, errors);
  }
  const waitMs = waitOf(given.get('wait'), errors);
  const real = given.has('prometheus') || given.has('jaeger');
  if (real && !(given.has('prometheus') && given.has('jaeger'))) {
    errors.push('--prometheus and --jaeger go together: the real stack needs both');
  }
  if (real && given.has('backend')) {
    errors.push(
      '--backend is the embedded backend; it cannot be used with --prometheus and --jaeger',
    );
  }
  for (const flag of ['loki', 'grafana'] as const) {
    if (!real && given.has(flag)) {
      errors.push(`--${flag} is part of the real stack: give --prometheus and --jaeger with it`);
    }
  }
  if (errors.length > 0) return { errors };

  const dashboard = given.get('dashboard');
  const stack: Stack = real
    ? {
        kind: 'real',
        prometheus: urls.prometheus ?? '',
        jaeger: urls.jaeger ?? '',
        ...(urls.loki ? { loki: urls.loki } : {}),
        ...(urls.grafana ? { grafana: urls.grafana } : {}),
      }
    : { kind: 'embedded', backend: urls.backend ?? DEFAULTS.backend };
  return {
    app: urls.app ?? DEFAULTS.app,
    payment: urls.payment ?? DEFAULTS.payment,
    stack,
    dashboardFile:
      dashboard === undefined
        ? join(ROOT, DEFAULTS.dashboard)
        : isAbsolute(dashboard)
          ? dashboard
          : resolve(env.INIT_CWD ?? process.cwd(), dashboard),
    json,
    waitMs,
  };
}
