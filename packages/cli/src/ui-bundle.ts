import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Whether the web UI's bundle (packages/ui/dist/web) was built from the sources there now. A hash
 * of its inputs, not their times: a checkout or a `git stash` changes times, not contents, and a
 * rebuild costs seconds.
 */

/** What the bundle is built from, besides packages/ui/src: the build's configuration and pins. */
const UI_CONFIG_FILES = ['index.html', 'package.json', 'vite.config.mts', 'tsconfig.app.json'];
const ROOT_FILES = ['tsconfig.base.json', 'package-lock.json'];

/** Written beside dist/web (which the build empties) once a build has succeeded. */
export const STAMP_FILE = join('dist', 'web-inputs.sha256');

/** Tests and end-to-end specs are not in the bundle. */
const isBundled = (path: string) =>
  !path.startsWith(`e2e/`) && !/\.test\.tsx?$/.test(path) && !path.endsWith('.md');

/** The bundle's input files, root-relative and sorted. */
export function uiBundleInputs(root: string, uiDir: string): string[] {
  const src = join(uiDir, 'src');
  const sources = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(src, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter(isBundled)
    .map((path) => join(src, path));
  const files = [
    ...sources,
    ...UI_CONFIG_FILES.map((file) => join(uiDir, file)),
    ...ROOT_FILES.map((file) => join(root, file)),
  ].filter((file) => existsSync(file));
  return files.map((file) => relative(root, file)).sort();
}

/** One hash of every input's path and content. */
export function hashUiInputs(root: string, uiDir: string): string {
  const hash = createHash('sha256');
  for (const file of uiBundleInputs(root, uiDir)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface BundleState {
  fresh: boolean;
  /** Why a build is needed, for a person. */
  reason?: string;
  hash: string;
}

export function uiBundleState(root: string, uiDir: string): BundleState {
  const hash = hashUiInputs(root, uiDir);
  if (!existsSync(join(uiDir, 'dist', 'web', 'index.html'))) {
    return { fresh: false, reason: 'it has not been built', hash };
  }
  const stamp = join(uiDir, STAMP_FILE);
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (built === '') return { fresh: false, reason: 'its build is not stamped', hash };
  if (built !== hash) return { fresh: false, reason: 'its sources changed', hash };
  return { fresh: true, hash };
}

export function stampUiBundle(uiDir: string, hash: string): void {
  writeFileSync(join(uiDir, STAMP_FILE), `${hash}\n`);
}
