import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PROMTOOL_BIN, skipWithout } from '@otel-lab/testkit';
import { bindMounts, hostPathOf } from './bind-mounts.js';
import { composeServices, endpointProblem } from './compose-model.js';
import { scrapeTargets } from './scrape-config.js';
import {
  asArray,
  COMPOSE_FILE,
  LAB_RULES_FILE,
  PROMETHEUS_CONFIG,
  readYaml,
  STACK_DIR,
} from './stack-files.js';

const run = promisify(execFile);
const ruleFiles = asArray(readYaml(PROMETHEUS_CONFIG).rule_files).map(String);

describe('promtool check config', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  test('passes on prometheus.yml, its rule files included', async () => {
    const { stdout } = await run(PROMTOOL_BIN, ['check', 'config', PROMETHEUS_CONFIG]);
    assert.match(stdout, /SUCCESS/);
    assert.match(stdout, new RegExp(`SUCCESS: ${ruleFiles.length} rule files found`));
  });

  test('fails on a copy with a mistake, so the pass above means something', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promtool-check-'));
    try {
      const broken = join(dir, 'prometheus.yml');
      const text = readFileSync(PROMETHEUS_CONFIG, 'utf8');
      writeFileSync(broken, text.replace('scrape_interval: 15s', 'scrape_interval: often'));
      await assert.rejects(run(PROMTOOL_BIN, ['check', 'config', broken]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the scrape configuration', () => {
  const targets = scrapeTargets(readYaml(PROMETHEUS_CONFIG));

  test('scrapes both services, as the original lab does', () => {
    assert.deepEqual(
      targets.filter((t) => t.job !== 'prometheus').map((t) => `${t.job} ${t.target}`),
      ['demo-app demo-app:8080', 'payment-service payment-service:8081'],
    );
  });

  test('every target is a compose service on a port it listens on', () => {
    const services = composeServices(readYaml(COMPOSE_FILE));
    for (const { job, target } of targets) {
      // Prometheus scraping itself, inside its own container.
      if (target === 'localhost:9090') continue;
      assert.equal(endpointProblem(services, target), undefined, job);
    }
  });
});

describe('the rule files', () => {
  const prometheus = composeServices(readYaml(COMPOSE_FILE)).get('prometheus');
  const flag = asArray(prometheus?.raw.command)
    .map(String)
    .find((arg) => arg.startsWith('--config.file='));
  const containerConfigDir = posix.dirname(flag?.slice('--config.file='.length) ?? '');

  test('Prometheus loads the lab rules', () => {
    assert.ok(
      ruleFiles.some((file) => resolve(dirname(PROMETHEUS_CONFIG), file) === LAB_RULES_FILE),
      `rule_files: ${ruleFiles.join(', ')}`,
    );
  });

  // Relative paths are read from the config file's folder: in the container, the compose file
  // must mount the same file there that promtool checks in the repository.
  test('every rule file is mounted into the container at the path the config names', () => {
    assert.ok(prometheus && flag, 'prometheus runs with --config.file');
    const mounts = bindMounts(prometheus, STACK_DIR);
    for (const file of ruleFiles) {
      const inContainer = posix.resolve(containerConfigDir, file);
      assert.equal(
        hostPathOf(mounts, inContainer),
        resolve(dirname(PROMETHEUS_CONFIG), file),
        file,
      );
    }
  });
});
