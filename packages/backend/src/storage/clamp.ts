const MAX_BIGINT = 2n ** 63n - 1n;

/** OTLP times are unsigned 64-bit; past 2262 they do not fit BIGINT, so they are clamped. */
export const clampNs = (value: bigint) => (value > MAX_BIGINT ? MAX_BIGINT : value);

/** Values outside an enum's range are stored as 0 (unspecified), never rejected. */
export const inRange = (value: number, max: number) =>
  Number.isInteger(value) && value >= 0 && value <= max ? value : 0;
