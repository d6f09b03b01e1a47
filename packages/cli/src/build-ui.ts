/**
 * Builds the web UI's bundle when its inputs changed since the last build (npm run build and
 * npm start run this after tsc -b; --force builds anyway). Up to date, it costs a hash of ~150
 * files instead of a Vite build's seconds.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stampUiBundle, uiBundleState } from './ui-bundle.js';

const root = join(__dirname, '..', '..', '..');
const uiDir = join(root, 'packages', 'ui');

const force = process.argv.includes('--force');
const state = uiBundleState(root, uiDir);
if (force || !state.fresh) {
  process.stderr.write(
    `building the web UI (${force ? '--force' : state.reason}): npm run build -w @otel-lab/ui\n`,
  );
  const npm = process.env.npm_execpath;
  // Under npm, its own CLI with this node; run directly, npm from PATH.
  const [command, args] = npm
    ? [process.execPath, [npm, 'run', 'build', '--silent', '-w', '@otel-lab/ui']]
    : ['npm', ['run', 'build', '--silent', '-w', '@otel-lab/ui']];
  const build = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // The hash of the inputs as they were when the build started: an edit during the build shows.
  stampUiBundle(uiDir, state.hash);
}
