import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { asArray, asRecord } from './stack-files.js';

export interface ScrapeTarget {
  job: string;
  target: string;
}

/** The static targets of every scrape job, in file order. */
export function scrapeTargets(config: Record<string, unknown>): ScrapeTarget[] {
  return asArray(config.scrape_configs).flatMap((value) => {
    const job = String(asRecord(value).job_name);
    return asArray(asRecord(value).static_configs).flatMap((group) =>
      asArray(asRecord(group).targets).map((target) => ({ job, target: String(target) })),
    );
  });
}

/**
 * The same configuration for a Prometheus outside the stack: each target in `addresses`
 * (a compose host:port) is replaced by its loopback address, jobs whose targets are not all
 * mapped are dropped, every interval is `interval`, and rule files, relative to `configDir`
 * (the original's folder), become absolute paths so the copy can live anywhere.
 */
export function rewriteForLoopback(
  config: Record<string, unknown>,
  addresses: Record<string, string>,
  interval: string,
  configDir: string,
): string {
  const jobs = asArray(config.scrape_configs).flatMap((value) => {
    const job = structuredClone(asRecord(value));
    const groups = asArray(job.static_configs).map((group) => {
      const targets = asArray(asRecord(group).targets).map(String);
      return { ...asRecord(group), targets: targets.map((t) => addresses[t]) };
    });
    if (groups.some((group) => group.targets.some((t) => t === undefined))) return [];
    return [{ ...job, static_configs: groups, scrape_interval: interval }];
  });
  const global = {
    ...asRecord(config.global),
    scrape_interval: interval,
    evaluation_interval: interval,
  };
  const ruleFiles = asArray(config.rule_files).map((file) => resolve(configDir, String(file)));
  return stringify({
    ...config,
    global,
    ...(ruleFiles.length > 0 ? { rule_files: ruleFiles } : {}),
    scrape_configs: jobs,
  });
}
