/**
 * A seeded generator of numbers in [0, 1) (the mulberry32 algorithm). Kept here rather than taken
 * from a package: a seed must replay the same requests for as long as the project lives, whatever
 * a dependency's next version changes.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
