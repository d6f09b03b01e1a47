import { prettyFactory } from 'pino-pretty';

/**
 * A service's JSON log line as a person reads it in a terminal:
 *   12:30:01 INFO  demo-app: order created order.id=o-12 trace_id=4bf92f35…
 * time, level (coloured), service, message, the other fields as key=value, the trace id short.
 * pino-pretty parses, formats the time and colours; the fields are ours, on one line.
 *
 * Every string in a line is attacker-controlled (a log message may quote a request), so control
 * characters (ESC, C1's CSI, …) are shown escaped, never sent to the terminal.
 */

/** C0, DEL, C1, and the bidirectional overrides that reorder what a line seems to say. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControl(text: string): string {
  return text.replace(
    CONTROL,
    (char) => ESCAPES[char] ?? `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** Fields the line shows elsewhere, or that only add noise (the pretty line is for reading). */
const SHOWN_OR_NOISE = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'name',
  'v',
  'service',
  'span_id',
  'trace_flags',
]);
const PINO_LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};
const SERVICE_COLOURS = ['cyan', 'magenta', 'yellow', 'green', 'blue'] as const;

function fieldValue(key: string, value: unknown): string {
  if (key === 'trace_id' && typeof value === 'string' && value.length > 8) {
    return `${escapeControl(value.slice(0, 8))}…`;
  }
  if (typeof value === 'string') {
    return escapeControl(/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value));
  }
  if (typeof value === 'object' && value !== null) return escapeControl(JSON.stringify(value));
  return escapeControl(String(value));
}

interface Colours {
  gray: (text: string) => string;
  [colour: string]: (text: string) => string;
}

export interface PrettyLogOptions {
  colorize: boolean;
}

/** Formats a line of `service`'s output; undefined when it is not a JSON object (not a log). */
export type PrettyFormatter = (service: string, index: number, line: string) => string | undefined;

export function createPrettyFormatter(options: PrettyLogOptions): PrettyFormatter {
  const pretty = prettyFactory({
    colorize: options.colorize,
    // The message keeps the terminal's colour; the level carries the colour.
    customColors: 'message:reset',
    translateTime: 'SYS:HH:MM:ss',
    // pino's levels (with no custom levels given, pino-pretty's default finds no label).
    useOnlyCustomProps: false,
    ignore: 'pid,hostname,name',
    hideObject: true,
    singleLine: true,
    customPrettifiers: {
      time: (time) => escapeControl(String(time)),
      level: (_level, _key, log, extras) => {
        const { label, labelColorized, colors } = extras as unknown as {
          label: string;
          labelColorized: string;
          colors: Colours;
        };
        const { service, serviceIndex } = log as { service: string; serviceIndex: number };
        const colour = colors[SERVICE_COLOURS[serviceIndex % SERVICE_COLOURS.length] ?? 'cyan'];
        return `${labelColorized}${' '.repeat(Math.max(0, 5 - label.length))} ${colour?.(service) ?? service}`;
      },
    },
    messageFormat: (log, messageKey, _levelLabel, extras) => {
      const { colors } = extras as unknown as { colors: Colours };
      const message = log[messageKey];
      const fields = Object.entries(log)
        .filter(([key]) => !SHOWN_OR_NOISE.has(key) && key !== 'serviceIndex')
        // The trace id last: what the line says first, then where to look it up.
        .sort(([a], [b]) => Number(a === 'trace_id') - Number(b === 'trace_id'))
        .map(
          ([key, value]) => ` ${colors.gray(`${escapeControl(key)}=`)}${fieldValue(key, value)}`,
        );
      return `${message === undefined ? '' : escapeControl(String(message))}${fields.join('')}`;
    },
  });
  return (service, index, line) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    const fields = record as Record<string, unknown>;
    // The backend's own lines carry no level: they report, at info.
    const level =
      typeof fields.level === 'string' ? PINO_LEVELS[fields.level] : (fields.level ?? 30);
    return pretty({ ...fields, level, service, serviceIndex: index }).replace(/\n$/, '');
  };
}
