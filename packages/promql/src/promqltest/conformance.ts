// Runs promqltest files from a directory and tallies outcomes per file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseOutcome, type RunOptions, runScript } from './runner';

/** Files whose every case must pass: the 13 core files and native_histograms. */
export const targetFiles: readonly string[] = [
  'aggregators',
  'at_modifier',
  'collision',
  'functions',
  'histograms',
  'literals',
  'name_label_dropping',
  'native_histograms',
  'operators',
  'range_queries',
  'selectors',
  'staleness',
  'subquery',
  'trig_functions',
];

/** Experimental features, reported on their own lines. */
export const experimentalFiles: readonly string[] = [
  'duration_expression',
  'extended_vectors',
  'fill-modifier',
  'info',
  'limit',
  'start_timestamps',
  'type_and_unit',
];

export interface FileReport {
  readonly file: string;
  readonly group: 'target' | 'experimental' | 'other';
  readonly outcomes: CaseOutcome[];
  /** Set when the script itself could not be parsed. */
  readonly error?: string;
}

export function count(outcomes: readonly CaseOutcome[], status: CaseOutcome['status']): number {
  return outcomes.filter((o) => o.status === status).length;
}

export async function runConformance(
  dir: string,
  only?: readonly string[],
  options: RunOptions = {},
): Promise<FileReport[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test'))
    .map((f) => f.slice(0, -'.test'.length))
    .filter((f) => !only || only.includes(f))
    .sort();
  const reports: FileReport[] = [];
  for (const file of files) {
    const group = targetFiles.includes(file)
      ? 'target'
      : experimentalFiles.includes(file)
        ? 'experimental'
        : 'other';
    try {
      const outcomes = await runScript(readFileSync(join(dir, `${file}.test`), 'utf8'), options);
      reports.push({ file, group, outcomes });
    } catch (error) {
      reports.push({
        file,
        group,
        outcomes: [],
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return reports;
}
