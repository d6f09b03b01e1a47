import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BackendConfig, parseBackendArgs } from './config.js';

/** The rule and alerting options the flags and variables give, or the errors. */
function parsed(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const result = parseBackendArgs(argv, env);
  if ('errors' in result) return { errors: result.errors };
  assert.ok('config' in result);
  const { rules, alertmanagerUrls, evaluationIntervalMs, externalUrl }: BackendConfig =
    result.config;
  return { rules, alertmanagerUrls, evaluationIntervalMs, externalUrl };
}

const NONE = { rules: [], alertmanagerUrls: [], evaluationIntervalMs: 60_000, externalUrl: '' };
const AM =
  'expected an http(s) URL such as http://localhost:9093 (a path prefix is allowed; no credentials, query or fragment)';

describe('rule and Alertmanager options', () => {
  const cases: [string, string[], NodeJS.ProcessEnv, object][] = [
    ['nothing given', [], {}, NONE],
    ['one rule file', ['--rules', 'a.yml'], {}, { ...NONE, rules: ['a.yml'] }],
    [
      'repeated, in order, globs kept for the loader',
      ['--rules', 'b.yml', '--rules=rules/*.yml'],
      {},
      { ...NONE, rules: ['b.yml', 'rules/*.yml'] },
    ],
    [
      'the variable, comma-separated, blanks dropped',
      [],
      { OTEL_LAB_RULES: ' a.yml, b/*.yml ,' },
      { ...NONE, rules: ['a.yml', 'b/*.yml'] },
    ],
    [
      'the flag replaces the variable',
      ['--rules', 'flag.yml'],
      { OTEL_LAB_RULES: 'env.yml' },
      { ...NONE, rules: ['flag.yml'] },
    ],
    [
      'Alertmanagers, normalised',
      ['--alertmanager-url', 'http://am:9093/', '--alertmanager-url', 'https://x.test/am/'],
      {},
      { ...NONE, alertmanagerUrls: ['http://am:9093', 'https://x.test/am'] },
    ],
    [
      'Alertmanagers from the variable',
      [],
      { OTEL_LAB_ALERTMANAGER_URL: 'http://a:9093,http://b:9093' },
      { ...NONE, alertmanagerUrls: ['http://a:9093', 'http://b:9093'] },
    ],
    [
      'evaluation interval',
      ['--evaluation-interval', '15s'],
      {},
      { ...NONE, evaluationIntervalMs: 15_000 },
    ],
    [
      'evaluation interval from the variable',
      [],
      { OTEL_LAB_EVALUATION_INTERVAL: '2m' },
      { ...NONE, evaluationIntervalMs: 120_000 },
    ],
    [
      'external URL',
      ['--external-url', 'http://lab.test:16686/'],
      {},
      { ...NONE, externalUrl: 'http://lab.test:16686' },
    ],
    [
      'an Alertmanager without a scheme',
      ['--alertmanager-url', 'localhost:9093'],
      {},
      { errors: [`--alertmanager-url "localhost:9093" (OTEL_LAB_ALERTMANAGER_URL): ${AM}`] },
    ],
    [
      'an Alertmanager over another protocol',
      [],
      { OTEL_LAB_ALERTMANAGER_URL: 'ftp://am:21' },
      { errors: [`OTEL_LAB_ALERTMANAGER_URL="ftp://am:21" (--alertmanager-url): ${AM}`] },
    ],
    [
      'an Alertmanager with credentials or a query',
      ['--alertmanager-url', 'http://u:p@am:9093', '--alertmanager-url', 'http://am:9093/?x=1'],
      {},
      {
        errors: [
          `--alertmanager-url "http://u:p@am:9093" (OTEL_LAB_ALERTMANAGER_URL): ${AM}`,
          `--alertmanager-url "http://am:9093/?x=1" (OTEL_LAB_ALERTMANAGER_URL): ${AM}`,
        ],
      },
    ],
    [
      'an empty rule file name',
      ['--rules='],
      {},
      { errors: ['--rules "" (OTEL_LAB_RULES): expected a file path or glob such as rules/*.yml'] },
    ],
    [
      'a forgotten value',
      ['--rules', '--bind'],
      {},
      {
        errors: [
          '--rules (OTEL_LAB_RULES): missing value, expected a file path or glob such as rules/*.yml (to pass "--bind", write --rules=--bind)',
        ],
      },
    ],
    [
      'an evaluation interval under a second',
      ['--evaluation-interval', '500ms'],
      {},
      {
        errors: [
          '--evaluation-interval "500ms" (OTEL_LAB_EVALUATION_INTERVAL): expected a duration of 1s or more, such as 15s or 1m',
        ],
      },
    ],
  ];
  for (const [name, argv, env, expected] of cases) {
    test(name, () => assert.deepEqual(parsed(argv, env), expected));
  }
});
