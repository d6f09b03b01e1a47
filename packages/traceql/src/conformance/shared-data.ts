// Where the shared conformance data lives: ../shared next to the repository (never copied in).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const conformanceDir = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'conformance',
  'traceql',
);

/** Whether the data is present; absent data skips the tests unless OTEL_LAB_REQUIRE_ALL is set. */
export function conformanceSkip(file: string): string | false {
  if (existsSync(join(conformanceDir, file))) return false;
  if (process.env.OTEL_LAB_REQUIRE_ALL) throw new Error(`${file} is missing in ${conformanceDir}`);
  return `no conformance data at ${join(conformanceDir, file)}`;
}
