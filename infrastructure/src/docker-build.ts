/** What the services' Dockerfiles copy into their build, read from the Dockerfile text. */

export interface Copy {
  sources: string[];
  destination: string;
  /** `COPY --from=stage …` copies from another stage, not from the build context. */
  fromStage?: string;
}

/** The COPY instructions of the stage named `stage` (`FROM … AS stage`), in order. */
export function stageCopies(dockerfile: string, stage: string): Copy[] {
  const copies: Copy[] = [];
  let current: string | undefined;
  // Continuation lines (a trailing backslash) join the next line.
  for (const line of dockerfile.replace(/\\\n/g, ' ').split('\n')) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line.trim());
    if (from) {
      current = from[1];
      continue;
    }
    const copy = /^COPY\s+(.+)$/i.exec(line.trim());
    if (!copy || current !== stage) continue;
    const words = (copy[1] ?? '').split(/\s+/);
    const fromStage = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((word) => !word.startsWith('--'));
    const destination = paths.pop() ?? '';
    copies.push({ sources: paths, destination, ...(fromStage ? { fromStage } : {}) });
  }
  return copies;
}

/** The workspace folders whose package.json the stage copies, each to the same folder. */
export function copiedManifestDirs(dockerfile: string, stage: string): string[] {
  return stageCopies(dockerfile, stage)
    .filter((copy) => !copy.fromStage)
    .flatMap((copy) =>
      copy.sources
        .filter((source) => source.endsWith('/package.json'))
        .map((source) => {
          const dir = source.slice(0, -'/package.json'.length);
          return copy.destination.replace(/\/$/, '') === dir
            ? dir
            : `${source} -> ${copy.destination}`;
        }),
    );
}
