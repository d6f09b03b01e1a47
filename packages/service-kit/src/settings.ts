/** Reading a service's settings from its environment; a bad value stops start-up with its name. */

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function readNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    throw new SettingsError(
      `${name}=${JSON.stringify(raw)} is not a number from ${range.min} to ${range.max}`,
    );
  }
  return value;
}

export function readPort(env: NodeJS.ProcessEnv, fallback: number): number {
  const port = readNumber(env, 'PORT', fallback, { min: 0, max: 65535 });
  if (!Number.isInteger(port)) throw new SettingsError(`PORT=${port} is not an integer`);
  return port;
}

export function readUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): URL {
  const raw = env[name]?.trim() || fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new SettingsError(`${name}=${JSON.stringify(raw)} is not an http(s) URL`);
  }
}

/** A probability such as SLOW_PAYMENT_RATE: 0 never, 1 always. */
export function readRate(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return readNumber(env, name, fallback, { min: 0, max: 1 });
}
