/** A request parameter Jaeger would reject with 400; the message is Jaeger's own. */
export class JaegerParamError extends Error {
  override name = 'JaegerParamError';
}

const HEX = /^[0-9a-fA-F]+$/;

function parseHex64(text: string): bigint {
  if (!HEX.test(text) || text.replace(/^0+/, '').length > 16) {
    throw new JaegerParamError(
      `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  }
  return BigInt(`0x${text}`);
}

/**
 * A trace id as Jaeger's model.TraceIDFromString reads it: up to 32 hex digits, the last 16 the
 * low half, so `1` and `00000000000000000000000000000001` are the same trace.
 */
export function parseTraceId(text: string): bigint {
  if (text.length > 32) {
    throw new JaegerParamError(`TraceID cannot be longer than 32 hex characters: ${text}`);
  }
  if (text.length <= 16) return parseHex64(text);
  const split = text.length - 16;
  return (parseHex64(text.slice(0, split)) << 64n) | parseHex64(text.slice(split));
}

/** Jaeger prints a trace id whose high half is zero with 16 digits, others with 32. */
export function formatTraceId(id: bigint): string {
  return id >> 64n === 0n ? id.toString(16).padStart(16, '0') : id.toString(16).padStart(32, '0');
}

export function formatSpanId(id: bigint): string {
  return id.toString(16).padStart(16, '0');
}

/** Lowercase hex as OTLP writes it (stored links) to Jaeger's form. */
export function traceIdFromHex(hex: string): string {
  return formatTraceId(hex === '' ? 0n : BigInt(`0x${hex}`));
}
