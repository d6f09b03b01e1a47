import { TempoError } from './tempo-error.js';

const HEX = /^[0-9a-fA-F]*$/;

/**
 * A trace id as Tempo's API reads it: hex digits only, up to 32 (128 bits), a shorter one
 * left-padded with zeros, so `1f` is trace 0…01f. Anything else is a 400.
 */
export function parseTempoTraceId(text: string): bigint {
  if (text === '' || !HEX.test(text)) {
    throw new TempoError(400, `trace IDs can only contain hex characters: ${JSON.stringify(text)}`);
  }
  if (text.length > 32) throw new TempoError(400, "trace ids can't be larger than 128 bits");
  return BigInt(`0x${text}`);
}
