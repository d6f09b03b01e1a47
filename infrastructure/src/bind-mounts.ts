import { isAbsolute, posix, resolve } from 'node:path';
import type { ComposeService } from './compose-model.js';
import { asArray } from './stack-files.js';

/** A bind mount of a compose service: a host path (absolute) at a container path. */
export interface BindMount {
  host: string;
  container: string;
}

/** The service's bind mounts in short syntax (`./file:/path[:ro]`); named volumes are left out. */
export function bindMounts(service: ComposeService, stackDir: string): BindMount[] {
  return asArray(service.raw.volumes).flatMap((entry) => {
    const [source = '', container = ''] = String(entry).split(':');
    if (!source.startsWith('.') && !isAbsolute(source)) return [];
    return [{ host: resolve(stackDir, source), container }];
  });
}

/** The host file a container path reads, through the mount that holds it, if any. */
export function hostPathOf(mounts: BindMount[], containerPath: string): string | undefined {
  for (const { host, container } of mounts) {
    if (containerPath === container) return host;
    if (containerPath.startsWith(`${container}/`)) {
      return resolve(host, posix.relative(container, containerPath));
    }
  }
  return undefined;
}
