import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lokiLabelName } from './label-name.js';

test('attribute keys become Loki label names as Loki 3.7 normalises them', () => {
  const cases: [string, string][] = [
    ['service.name', 'service_name'],
    ['k8s.pod.name', 'k8s_pod_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['already_fine', 'already_fine'],
    ['with-dash and space', 'with_dash_and_space'],
    ['runs..of__odd--chars', 'runs_of_odd_chars'],
    ['a._b', 'a_b'],
    ['1st', 'key_1st'],
    ['_private', '_private'],
    ['__reserved', '_reserved'],
    ['__name__', '__name__'],
    ['__a.b__', '__a_b__'],
    ['a.é', 'a_'],
    ['😀x', '_x'],
    ['é', ''],
    ['...', ''],
    ['', ''],
  ];
  for (const [key, expected] of cases) assert.equal(lokiLabelName(key), expected, key);
});
