import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Third-party conformance data, read where it lives: ../shared/conformance next to the
 * repository (never copied in).
 */
export interface SharedConformance {
  /** The corpus's directory. */
  dir: string;
  /**
   * Why a test needing `file` skips (the data is absent), or false when it is there; with
   * OTEL_LAB_REQUIRE_ALL set, absent data throws instead, as CI wants.
   */
  skip(file: string): string | false;
}

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'conformance');

export function sharedConformance(corpus: string): SharedConformance {
  const dir = join(SHARED, corpus);
  return {
    dir,
    skip(file) {
      if (existsSync(join(dir, file))) return false;
      if (process.env.OTEL_LAB_REQUIRE_ALL) throw new Error(`${file} is missing in ${dir}`);
      return `no conformance data at ${join(dir, file)}`;
    },
  };
}

/** A case of a Lezer grammar's test corpus. */
export interface LezerCorpusCase {
  readonly name: string;
  readonly query: string;
  /** Its expected tree holds an error node (⚠): the grammar refuses it. */
  readonly malformed: boolean;
}

/** A Lezer test corpus file: cases of "# name", the input, "==>", the expected tree. */
export function readLezerCorpus(text: string): LezerCorpusCase[] {
  const cases: LezerCorpusCase[] = [];
  for (const block of text.split(/^# /m).slice(1)) {
    const [head = '', tree = ''] = block.split(/^==>[ \t]*$/m);
    const [name = '', ...lines] = head.split('\n');
    cases.push({ name, query: lines.join('\n').trim(), malformed: tree.includes('⚠') });
  }
  return cases;
}
