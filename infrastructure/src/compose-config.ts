import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Debian's docker-compose (v1): `config` validates a file against its schema with no engine. */
export const DOCKER_COMPOSE = process.env.DOCKER_COMPOSE_BIN ?? '/usr/bin/docker-compose';

/** `docker-compose config -q` on `file`, relative paths resolved from `projectDir`. */
export async function composeConfig(
  file: string,
  projectDir: string,
): Promise<{ ok: boolean; output: string }> {
  try {
    await run(DOCKER_COMPOSE, ['-f', file, '--project-directory', projectDir, 'config', '-q'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    return { ok: true, output: '' };
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    return { ok: false, output: failure.stderr || failure.message };
  }
}
