/**
 * Telemetry is written by whoever sends it: a span name or log line may carry escape sequences
 * that would move the cursor, recolour or retitle the terminal. Every control character becomes
 * visible text (\x1b, \n) before it is printed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export const safeText = (text: unknown): string =>
  String(text).replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code > 0xff
      ? `\\u${code.toString(16).padStart(4, '0')}`
      : `\\x${code.toString(16).padStart(2, '0')}`;
  });
