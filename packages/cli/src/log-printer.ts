import { createPrettyFormatter, escapeControl } from './pretty-log.js';

export type LogFormat = 'pretty' | 'json';

/** Readable lines for a person at a terminal; JSON lines, as the services write them, otherwise. */
export function chooseLogFormat(stdoutIsTty: boolean, jsonLogs: boolean): LogFormat {
  return stdoutIsTty && !jsonLogs ? 'pretty' : 'json';
}

export interface LinePrinterOptions {
  format: LogFormat;
  /** ANSI colours (a terminal). */
  colour: boolean;
}

const PREFIX_COLOURS = [36, 35, 33, 32, 34];

/**
 * Turns a line of the `index`th process's output into the launcher's line. JSON: the line as it
 * came, after a `name │` prefix. Pretty: a log line formatted (pretty-log.ts); any other line (a
 * stack trace, a Node warning) keeps the prefix and its text, its control characters escaped.
 */
export function createLinePrinter(
  options: LinePrinterOptions,
): (name: string, index: number, line: string) => string {
  const prefix = (name: string, index: number) => {
    const label = name.padEnd(15);
    return options.colour
      ? `\x1b[${PREFIX_COLOURS[index % PREFIX_COLOURS.length]}m${label}\x1b[0m│ `
      : `${label}│ `;
  };
  if (options.format === 'json') return (name, index, line) => `${prefix(name, index)}${line}`;
  const pretty = createPrettyFormatter({ colorize: options.colour });
  return (name, index, line) =>
    pretty(name, index, line) ?? `${prefix(name, index)}${escapeControl(line)}`;
}
