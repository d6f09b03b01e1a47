import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cssColor, thresholdColor } from './thresholds.js';

test('thresholdColor', () => {
  const steps = [
    { value: null, color: 'green' },
    { value: 0.05, color: 'orange' },
    { value: 0.1, color: 'red' },
  ];
  const cases = [
    { value: 0, steps, expected: '#73bf69' },
    { value: 0.05, steps, expected: '#ff9830' },
    { value: 0.2, steps, expected: '#f2495c' },
    { value: null, steps, expected: '#73bf69' },
    { value: 50, steps: undefined, expected: '#73bf69' },
    { value: 80, steps: [], expected: '#f2495c' },
    {
      value: 5,
      steps: [
        { value: 10, color: 'red' },
        { value: null, color: '#123456' },
      ],
      expected: '#123456',
    },
  ];
  for (const { value, steps: s, expected } of cases)
    assert.equal(thresholdColor(value, s), expected, `${value}`);
});

test('cssColor keeps only safe colours', () => {
  const cases = [
    ['dark-red', '#c4162a'],
    ['#abc', '#abc'],
    ['rgba(1, 2, 3, 0.5)', 'rgba(1, 2, 3, 0.5)'],
    ['red;background:url(x)', '#8e8e8e'],
    ['constructor', '#8e8e8e'],
    [undefined, '#8e8e8e'],
  ];
  for (const [input, expected] of cases) assert.equal(cssColor(input), expected, input);
});
