/**
 * The --rules files in the backend: read and checked before anything opens (an invalid file
 * stops the start, every error printed as promtool prints it), then reloaded on SIGHUP and
 * POST /-/reload, where a bad file keeps the rules that run and is reported in the log, the
 * answer and prometheus_config_last_reload_successful.
 */
import type { Registry } from 'prom-client';
import {
  createRuleManager,
  type RuleManager,
  type RuleManagerOptions,
} from './rules/eval/index.js';
import type { RulesView } from './rules/eval/rule-state.js';
import { loadRuleFiles } from './rules/load-rule-files.js';
import { registerReloadMetrics } from './rules/reload/reload-metrics.js';
import { registerReloadRoute } from './rules/reload/reload-route.js';
import { createRuleReloader, type RuleReloader } from './rules/reload/rule-reloader.js';
import { formatRuleFileError, type RuleGroup } from './rules/rule-types.js';
import type { HostPolicy } from './serve/host-policy.js';
import type { QueryRouter } from './serve/query-router.js';

/** Rule files with errors at start: the message lists them all. */
export class RuleFilesError extends Error {}

/** The groups of the --rules files, or a RuleFilesError with every problem of every file. */
export async function loadStartRules(patterns: readonly string[]): Promise<RuleGroup[]> {
  const files = await loadRuleFiles([...patterns]);
  if (files.errors.length > 0) {
    const lines = files.errors.map(formatRuleFileError);
    throw new RuleFilesError(
      `cannot start: the rule files (--rules) have errors:\n${lines.join('\n')}`,
    );
  }
  return files.groups;
}

/**
 * The rule manager, once the backend runs: created when the query port's address is known (the
 * default --external-url), after the routes that show and reload its rules are registered.
 */
export interface RuleEvaluation {
  /** What /api/v1/rules and /api/v1/alerts show: nothing until the manager runs. */
  readonly view: RulesView;
  /** Takes reloaded groups into use; throws when a group does not compile (the old ones run on). */
  update(groups: RuleGroup[]): Promise<void>;
  /** Creates the manager, gives it the start's groups and starts their timers. */
  start(options: RuleManagerOptions, groups: readonly RuleGroup[]): Promise<void>;
  /** Stops every group, waiting for evaluations under way (before storage closes). */
  stop(): Promise<void>;
}

export function createRuleEvaluation(): RuleEvaluation {
  let manager: RuleManager | undefined;
  return {
    view: { groups: () => manager?.view.groups() ?? [] },
    async update(groups) {
      if (!manager) throw new Error('the backend is still starting: reload again in a moment');
      await manager.update(groups);
    },
    async start(options, groups) {
      const created = createRuleManager(options);
      await created.update(groups);
      manager = created;
      created.start();
    },
    stop: async () => manager?.stop(),
  };
}

export interface RuleReloadOptions {
  patterns: readonly string[];
  /** Takes the reloaded groups into use. */
  apply: (groups: RuleGroup[]) => void | Promise<void>;
  /** When the start's rules were loaded (ms). */
  loadedAt: number;
  router: QueryRouter;
  hosts: HostPolicy;
  registry: Registry;
  log: (message: string) => void;
}

/** /-/reload, SIGHUP and the reload metrics, over one reloader. */
export function setUpRuleReload(options: RuleReloadOptions): RuleReloader {
  const reloader = createRuleReloader(options);
  const reload = async () => {
    const outcome = await reloader.reload();
    if (outcome.ok) options.log(`rules reloaded from ${options.patterns.join(', ') || 'no files'}`);
    else {
      options.log(
        `rules not reloaded, the rules loaded before keep running: ${outcome.errors.join('; ')}`,
      );
    }
    return outcome;
  };
  registerReloadRoute(options.router, reload, options.hosts);
  registerReloadMetrics(options.registry, reloader);
  process.on('SIGHUP', () => void reload());
  return reloader;
}
