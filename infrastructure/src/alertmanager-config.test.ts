import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { AMTOOL_BIN, skipWithout } from '@otel-lab/testkit';
import { bindMounts, hostPathOf } from './bind-mounts.js';
import { composeServices, endpointProblem } from './compose-model.js';
import {
  ALERTMANAGER_CONFIG,
  asArray,
  asRecord,
  COMPOSE_FILE,
  PROMETHEUS_CONFIG,
  readYaml,
  STACK_DIR,
} from './stack-files.js';

const run = promisify(execFile);
const text = readFileSync(ALERTMANAGER_CONFIG, 'utf8');
const services = composeServices(readYaml(COMPOSE_FILE));

describe('amtool check-config', {
  skip: skipWithout(AMTOOL_BIN, 'apt-get install prometheus-alertmanager'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const check = (contents: string) => {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, contents);
    return run(AMTOOL_BIN, ['check-config', file]);
  };

  test('passes on alertmanager.yml', async () => {
    const { stdout } = await run(AMTOOL_BIN, ['check-config', ALERTMANAGER_CONFIG]);
    assert.match(stdout, /SUCCESS/);
    assert.match(stdout, /1 receivers/);
  });

  // The comments show where email and Slack go: uncommented, they must be a valid config too.
  test('passes with its commented examples uncommented', async () => {
    const uncommented = text
      .split('\n')
      .map((line) =>
        line.replace(
          /^( {2}| {4})# ((?:routes|email_configs|slack_configs|webhook_configs):|\s{2,}\S)/,
          '$1$2',
        ),
      )
      .join('\n');
    assert.match(uncommented, /^ {4}slack_configs:/m);
    assert.match(uncommented, /^ {2}routes:/m);
    const { stdout } = await check(`${uncommented}\n  - name: on-call\n`);
    assert.match(stdout, /SUCCESS/);
  });

  // One mistake each: proof that the pass above means something.
  const broken: [string, string][] = [
    ['a route to a receiver that does not exist', text.replace('receiver: lab', 'receiver: pager')],
    ['a misspelt key', text.replace('group_wait:', 'group_wiat:')],
    ['a bad duration', text.replace('group_interval: 1m', 'group_interval: often')],
  ];
  for (const [name, contents] of broken) {
    test(`fails on ${name}`, async () => {
      assert.notEqual(contents, text);
      await assert.rejects(check(contents));
    });
  }
});

describe('the stack sends its alerts to the Alertmanager', () => {
  const alertmanager = services.get('alertmanager');
  const args = asArray(alertmanager?.raw.command).map(String);

  test('the Alertmanager reads alertmanager.yml, mounted where --config.file says', () => {
    const flag = args.find((arg) => arg.startsWith('--config.file='));
    assert.ok(alertmanager && flag, 'alertmanager runs with --config.file');
    const inContainer = flag.slice('--config.file='.length);
    assert.equal(hostPathOf(bindMounts(alertmanager, STACK_DIR), inContainer), ALERTMANAGER_CONFIG);
  });

  test('runs alone, with clustering off', () => {
    assert.ok(args.includes('--cluster.listen-address='), args.join(' '));
  });

  test("Prometheus's alertmanagers are compose services on a port they listen on", () => {
    const alerting = asRecord(readYaml(PROMETHEUS_CONFIG).alerting);
    const targets = asArray(asRecord(alerting).alertmanagers).flatMap((am) =>
      asArray(asRecord(am).static_configs).flatMap((sc) =>
        asArray(asRecord(sc).targets).map(String),
      ),
    );
    assert.deepEqual(targets, ['alertmanager:9093']);
    for (const target of targets) assert.equal(endpointProblem(services, target), undefined);
  });
});
