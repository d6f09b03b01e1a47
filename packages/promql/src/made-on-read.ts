// A value made when it is read, for what is costly to hold: a series' decoded native histograms.

/**
 * `make` run on demand. The first read's value is not kept, so a value read once (the histograms of
 * a series that a range function walks one series at a time) is garbage as soon as its reader is
 * done, rather than held to the end of the query, where a young-generation collection would copy
 * it; from the second read on the value is made once more and kept, so a reader that comes back
 * (step by step over all series) costs at most two makes.
 */
export function madeOnRead<T>(make: () => T): () => T {
  let reads = 0;
  let kept: { value: T } | undefined;
  return () => {
    if (kept) return kept.value;
    reads++;
    const value = make();
    if (reads > 1) kept = { value };
    return value;
  };
}
