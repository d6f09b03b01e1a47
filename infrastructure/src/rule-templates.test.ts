import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templateProblems } from './rule-templates.js';

const cases: [string, string[]][] = [
  ['no template at all', []],
  ['{{ $labels.endpoint }} is slow', []],
  ['p95 {{ $value | humanizeDuration }}', []],
  ['{{ $value | humanizePercentage }} and {{$value|humanize}}', []],
  ['{{ printf "%.2f" $value }} on {{ $labels.instance }}', []],
  ['{{ query "up" }}', ['{{ query "up" }}']],
  ['{{ $externalLabels.cluster }}', ['{{ $externalLabels.cluster }}']],
  ['{{ $value | title }}', ['{{ $value | title }}']],
  ['{{ range $labels }}x{{ end }}', ['{{ range $labels }}', '{{ end }}']],
  ['{{ $labels.job', ['an unclosed {{']],
];
for (const [text, expected] of cases) {
  test(`templateProblems: ${text}`, () => {
    assert.deepEqual(templateProblems(text), expected);
  });
}
