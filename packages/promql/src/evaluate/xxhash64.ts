// XXH64 (seed 0), the hash Prometheus uses for label sets; limit_ratio picks series by it, so using
// the same function picks the same series as Prometheus does.
const mask = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & mask;
}

function round(acc: bigint, input: bigint): bigint {
  return (rotl((acc + input * P2) & mask, 31n) * P1) & mask;
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return (((acc ^ round(0n, val)) * P1) & mask) + P4;
}

function readU64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k] as number);
  return v;
}

function readU32(b: Uint8Array, i: number): bigint {
  return BigInt(
    ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16)) +
      (b[i + 3] as number) * 2 ** 24,
  );
}

export function xxhash64(b: Uint8Array): bigint {
  const len = b.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & mask;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & mask;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, readU64(b, i));
      v2 = round(v2, readU64(b, i + 8));
      v3 = round(v3, readU64(b, i + 16));
      v4 = round(v4, readU64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & mask;
    h = mergeRound(h, v1) & mask;
    h = mergeRound(h, v2) & mask;
    h = mergeRound(h, v3) & mask;
    h = mergeRound(h, v4) & mask;
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & mask;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, readU64(b, i));
    h = ((rotl(h, 27n) * P1) & mask) + P4;
    h &= mask;
  }
  if (i + 4 <= len) {
    h ^= (readU32(b, i) * P1) & mask;
    h = ((rotl(h, 23n) * P2) & mask) + P3;
    h &= mask;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= (BigInt(b[i] as number) * P5) & mask;
    h = (rotl(h, 11n) * P1) & mask;
  }
  h ^= h >> 33n;
  h = (h * P2) & mask;
  h ^= h >> 29n;
  h = (h * P3) & mask;
  h ^= h >> 32n;
  return h;
}
