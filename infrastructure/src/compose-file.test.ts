import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { skipWithout } from '@otel-lab/testkit';
import { stringify } from 'yaml';
import { composeConfig, DOCKER_COMPOSE } from './compose-config.js';
import { composeServices } from './compose-model.js';
import { asArray, asRecord, COMPOSE_FILE, readYaml, STACK_DIR } from './stack-files.js';

const compose = readYaml(COMPOSE_FILE);
const services = composeServices(compose);

describe('docker-compose config accepts the stack', {
  skip: skipWithout(DOCKER_COMPOSE, 'apt-get install docker-compose'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('observability-stack.yml is valid', async () => {
    const result = await composeConfig(COMPOSE_FILE, STACK_DIR);
    assert.ok(result.ok, result.output);
  });

  // The same file with one mistake each: proof that the check above would catch them.
  const broken: { name: string; mutate: (copy: Record<string, unknown>) => void }[] = [
    {
      name: 'a misspelt key',
      mutate: (copy) => {
        const grafana = asRecord(asRecord(copy.services).grafana);
        grafana.healthchek = grafana.healthcheck;
        delete grafana.healthcheck;
      },
    },
    {
      name: 'a dependency on a service that does not exist',
      mutate: (copy) => {
        asRecord(asRecord(copy.services).grafana).depends_on = {
          tempo: { condition: 'service_healthy' },
        };
      },
    },
    {
      name: 'an unknown depends_on condition',
      mutate: (copy) => {
        asRecord(asRecord(copy.services).grafana).depends_on = {
          loki: { condition: 'service_ready' },
        };
      },
    },
    {
      name: 'a build context that does not exist',
      mutate: (copy) => {
        asRecord(asRecord(asRecord(copy.services)['demo-app']).build).context = '../../no-such-dir';
      },
    },
  ];
  for (const row of broken) {
    test(`rejects ${row.name}`, async () => {
      const copy = structuredClone(compose);
      row.mutate(copy);
      const file = join(dir, `${row.name.replaceAll(' ', '-')}.yml`);
      writeFileSync(file, stringify(copy));
      assert.equal((await composeConfig(file, STACK_DIR)).ok, false);
    });
  }
});

describe('the stack follows the house rules', () => {
  test('has the lab services', () => {
    assert.deepEqual([...services.keys()].sort(), [
      'alertmanager',
      'demo-app',
      'grafana',
      'jaeger',
      'loki',
      'otel-collector',
      'payment-service',
      'prometheus',
    ]);
  });

  test('every pulled image is pinned to a released version', () => {
    for (const service of services.values()) {
      const image = String(service.raw.image ?? '');
      if (service.raw.build) continue;
      assert.match(image, /:v?\d+\.\d+\.\d+$/, `${service.name}: ${image}`);
    }
  });

  test('the services are built from their Dockerfiles with the repository root as context', () => {
    for (const name of ['demo-app', 'payment-service']) {
      const build = asRecord(services.get(name)?.raw.build);
      const context = join(STACK_DIR, String(build.context));
      assert.ok(existsSync(join(context, 'package-lock.json')), `${name}: context ${context}`);
      assert.equal(build.dockerfile, `${name}/Dockerfile`);
      assert.ok(existsSync(join(context, String(build.dockerfile))));
    }
  });

  test('every service has a memory limit', () => {
    for (const service of services.values()) {
      assert.match(String(service.raw.mem_limit ?? ''), /^\d+[mg]$/, service.name);
    }
  });

  // The Collector's image is a single binary on scratch: nothing inside can run a check.
  const NO_HEALTH_CHECK = new Set(['otel-collector']);
  test('every service but the Collector has a health check', () => {
    for (const service of services.values()) {
      const check = asRecord(service.raw.healthcheck);
      if (NO_HEALTH_CHECK.has(service.name)) {
        assert.deepEqual(check, {}, service.name);
        continue;
      }
      assert.equal(asArray(check.test)[0], 'CMD', `${service.name}: an exec-form check`);
      for (const key of ['interval', 'timeout', 'retries', 'start_period']) {
        assert.ok(check[key] !== undefined, `${service.name}: healthcheck.${key}`);
      }
    }
  });

  test('every dependency names a condition that its target can meet', () => {
    for (const service of services.values()) {
      for (const [target, spec] of Object.entries(asRecord(service.raw.depends_on))) {
        const condition = asRecord(spec).condition;
        const healthy = services.get(target)?.raw.healthcheck !== undefined;
        assert.equal(
          condition,
          healthy ? 'service_healthy' : 'service_started',
          `${service.name} → ${target}`,
        );
      }
    }
  });

  test('state lives in named volumes, configs in files that exist', () => {
    const declared = new Set(Object.keys(asRecord(compose.volumes)));
    const used = new Set<string>();
    for (const service of services.values()) {
      for (const entry of asArray(service.raw.volumes)) {
        const source = String(entry).split(':')[0] ?? '';
        if (source.startsWith('.') || isAbsolute(source)) {
          assert.ok(existsSync(join(STACK_DIR, source)), `${service.name}: ${source}`);
        } else {
          assert.ok(declared.has(source), `${service.name}: volume ${source} is declared`);
          used.add(source);
        }
      }
    }
    assert.deepEqual([...used].sort(), [...declared].sort());
    for (const name of ['demo-app', 'jaeger', 'prometheus', 'alertmanager', 'loki', 'grafana']) {
      const volumes = asArray(services.get(name)?.raw.volumes).map(String);
      assert.ok(
        volumes.some((entry) => declared.has(entry.split(':')[0] ?? '')),
        `${name} keeps its data in a named volume`,
      );
    }
  });

  test('no secret is committed: the Grafana password comes from the environment', () => {
    const env = services.get('grafana')?.environment ?? {};
    assert.match(env.GF_SECURITY_ADMIN_PASSWORD ?? '', /^\$\{GF_ADMIN_PASSWORD:-[^}]*\}$/);
    for (const service of services.values()) {
      for (const [key, value] of Object.entries(service.environment)) {
        if (/PASSWORD|SECRET|TOKEN|API_KEY/.test(key)) {
          assert.match(value, /^\$\{/, `${service.name}: ${key} comes from the environment`);
        }
      }
    }
  });

  test('the UIs and services are published on the ports of the original lab', () => {
    const published = (name: string) =>
      asArray(services.get(name)?.raw.ports).map((entry) => String(entry));
    assert.ok(published('demo-app').includes('8080:8080'));
    assert.ok(published('payment-service').includes('8081:8081'));
    assert.ok(published('jaeger').includes('16686:16686'));
    assert.ok(published('prometheus').includes('9090:9090'));
    assert.ok(published('grafana').includes('3000:3000'));
  });

  // It has no login, and whoever reaches it can silence the alerts.
  test('the Alertmanager is published on loopback only', () => {
    assert.deepEqual(asArray(services.get('alertmanager')?.raw.ports).map(String), [
      '127.0.0.1:9093:9093',
    ]);
  });
});
