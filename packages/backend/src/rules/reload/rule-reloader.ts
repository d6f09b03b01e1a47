/**
 * Reloading the rule files (SIGHUP, POST /-/reload) as Prometheus reloads its configuration: the
 * files are read and checked again, and only a set without errors replaces the running rules; a
 * bad one keeps them, and the outcome is kept for prometheus_config_last_reload_successful.
 * Reloads run one at a time, in the order asked.
 */
import { loadRuleFiles } from '../load-rule-files.js';
import { formatRuleFileError, type RuleFiles, type RuleGroup } from '../rule-types.js';

export interface RuleReloaderOptions {
  /** The --rules patterns, expanded again at every reload (a new file matching a glob joins). */
  patterns: readonly string[];
  /** Takes a set of groups without errors into use (the rule manager's update). */
  apply: (groups: RuleGroup[]) => void | Promise<void>;
  /** When the rules now running were loaded (ms): the start's load. */
  loadedAt: number;
  load?: (patterns: string[]) => Promise<RuleFiles>;
  now?: () => number;
}

export interface ReloadOutcome {
  ok: boolean;
  /** Every problem, as promtool prints it; empty when the reload succeeded. */
  errors: string[];
}

export interface RuleReloader {
  reload(): Promise<ReloadOutcome>;
  /** Whether the last reload (or the start's load) succeeded. */
  lastSuccessful(): boolean;
  /** When the rules last loaded without errors (ms). */
  lastSuccessAt(): number;
}

export function createRuleReloader(options: RuleReloaderOptions): RuleReloader {
  const load = options.load ?? loadRuleFiles;
  const now = options.now ?? Date.now;
  let successful = true;
  let successAt = options.loadedAt;
  let queue: Promise<unknown> = Promise.resolve();

  const reloadOnce = async (): Promise<ReloadOutcome> => {
    let errors: string[];
    try {
      const files = await load([...options.patterns]);
      errors = files.errors.map(formatRuleFileError);
      if (errors.length === 0) await options.apply(files.groups);
    } catch (error) {
      errors = [(error as Error).message];
    }
    successful = errors.length === 0;
    if (successful) successAt = now();
    return { ok: successful, errors };
  };

  return {
    reload() {
      const next = queue.then(reloadOnce);
      queue = next.catch(() => {});
      return next;
    },
    lastSuccessful: () => successful,
    lastSuccessAt: () => successAt,
  };
}
