import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lokiLabelName } from './label-name.js';

test('attribute keys become Loki label names as Loki normalises them', () => {
  const cases: [string, string][] = [
    ['service.name', 'service_name'],
    ['k8s.pod.name', 'k8s_pod_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['already_fine', 'already_fine'],
    ['with-dash and space', 'with_dash_and_space'],
    ['1st', 'key_1st'],
    ['_private', 'key_private'],
    ['__reserved', '__reserved'],
    ['é', 'key_'],
    ['a.é', 'a__'],
    ['😀x', 'key_x'],
    ['', ''],
  ];
  for (const [key, expected] of cases) assert.equal(lokiLabelName(key), expected, key);
});
