import { parseArgs } from 'node:util';
import { parseDuration } from '../traffic/duration.js';

export const SUBCOMMANDS = ['services', 'promql', 'traces', 'trace', 'logs'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export const DEFAULT_BACKEND = 'http://localhost:16686';
export const MAX_LIMIT = 1000;

/** What is wrong with a --backend URL, or undefined when it is an http(s) URL. */
export function backendUrlError(backend: string): string | undefined {
  try {
    if (/^https?:$/.test(new URL(backend).protocol)) return undefined;
  } catch {
    // not a URL at all: the same message
  }
  return `--backend must be an http:// or https:// URL, got ${JSON.stringify(backend)}`;
}

export interface QueryOptions {
  command: Subcommand;
  /** The query, trace id or nothing, as the subcommand takes. */
  argument: string | undefined;
  backend: string;
  token: string | undefined;
  json: boolean;
  /** --range (promql), --since (traces, logs), in milliseconds. */
  rangeMs: number | undefined;
  sinceMs: number;
  stepMs: number | undefined;
  service: string | undefined;
  operation: string | undefined;
  errorsOnly: boolean;
  limit: number;
  /** The native log filters (logs without a LogQL query). */
  text: string | undefined;
  severity: string | undefined;
  traceId: string | undefined;
}

export type Parsed = QueryOptions | { help: Subcommand | 'query' } | { errors: string[] };

const NEEDS_ARGUMENT: Partial<Record<Subcommand, string>> = {
  promql: 'a PromQL query',
  trace: 'a trace id',
};

function duration(flag: string, raw: string | undefined, errors: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0)
    errors.push(`--${flag} must be a duration such as 30s, 15m or 1h, got ${JSON.stringify(raw)}`);
  return ms;
}

/** Parses `npm run query -- <subcommand> [argument] [options]`, reporting every problem at once. */
export function parseQueryArgs(argv: string[], env: NodeJS.ProcessEnv = {}): Parsed {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { errors: [(error as Error).message] };
  }
  const { values, positionals } = parsed;
  const [command, argument, ...extra] = positionals;
  if (command === undefined || command === 'help')
    return {
      help: (SUBCOMMANDS as readonly string[]).includes(argument ?? '')
        ? (argument as Subcommand)
        : 'query',
    };
  if (!(SUBCOMMANDS as readonly string[]).includes(command))
    return {
      errors: [`unknown subcommand ${JSON.stringify(command)}; one of ${SUBCOMMANDS.join(', ')}`],
    };
  const sub = command as Subcommand;
  if (values.help) return { help: sub };
  const errors: string[] = [];
  const wanted = NEEDS_ARGUMENT[sub];
  if (wanted && !argument) errors.push(`${sub} needs ${wanted}`);
  const native = [values.text, values.severity, values.trace].some((v) => v !== undefined);
  if (sub === 'logs' && argument && (native || values.service))
    errors.push(
      'logs takes a LogQL query or the filters --service, --text, --severity, --trace, not both',
    );
  if (!wanted && argument && sub !== 'logs')
    errors.push(`${sub} takes no argument, got ${JSON.stringify(argument)}`);
  if (extra.length) errors.push(`unexpected arguments: ${extra.join(' ')} (quote the query)`);
  const backend = values.backend ?? DEFAULT_BACKEND;
  const badBackend = backendUrlError(backend);
  if (badBackend) errors.push(badBackend);
  if (sub === 'traces' && !values.service)
    errors.push('traces needs --service NAME (npm run query -- services lists them)');
  const limit = values.limit === undefined ? (sub === 'traces' ? 20 : 50) : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    errors.push(
      `--limit must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(values.limit)}`,
    );
  const options: QueryOptions = {
    command: sub,
    argument,
    backend,
    token: env.OTEL_LAB_TOKEN || undefined,
    json: values.json ?? false,
    rangeMs: duration('range', values.range, errors),
    sinceMs: duration('since', values.since, errors) ?? 15 * 60_000,
    stepMs: duration('step', values.step, errors),
    service: values.service,
    operation: values.operation,
    errorsOnly: values.errors ?? false,
    limit,
    text: values.text,
    severity: values.severity,
    traceId: values.trace,
  };
  if (options.stepMs !== undefined && options.rangeMs === undefined)
    errors.push('--step needs --range');
  return errors.length ? { errors } : options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      backend: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      range: { type: 'string' },
      step: { type: 'string' },
      since: { type: 'string' },
      service: { type: 'string' },
      operation: { type: 'string' },
      errors: { type: 'boolean' },
      limit: { type: 'string' },
      text: { type: 'string' },
      severity: { type: 'string' },
      trace: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
}
