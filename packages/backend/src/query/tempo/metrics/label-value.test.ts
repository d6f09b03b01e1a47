import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseGoDuration, parsePromDuration } from './duration-text.js';
import { anyValueJson, goDuration, goFloat, labelText, promLabels } from './label-value.js';

describe('label texts as Tempo writes them', () => {
  test('goFloat is Go strconv.FormatFloat(f, g, -1, 64)', () => {
    const cases: [number, string][] = [
      [0.95, '0.95'],
      [1, '1'],
      [0.004194304, '0.004194304'],
      [2 ** 10 / 1e9, '1.024e-06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [123456, '123456'],
      [1234567, '1.234567e+06'],
      [Number.NaN, 'NaN'],
    ];
    for (const [value, text] of cases) assert.equal(goFloat(value), text, String(value));
  });

  test('float labels keep a .0, durations print as Go does', () => {
    assert.equal(labelText({ type: 'float', value: 1 }), '1.0');
    assert.equal(labelText({ type: 'float', value: 0.5 }), '0.5');
    assert.equal(labelText({ type: 'float', value: 1e-6 }), '1e-06');
    const durations: [bigint, string][] = [
      [0n, '0s'],
      [999n, '999ns'],
      [1_500n, '1.5µs'],
      [2_000_000n, '2ms'],
      [1_500_000_000n, '1.5s'],
      [168n * 3_600_000_000_000n, '168h0m0s'],
      [3_723_000_000_000n, '1h2m3s'],
    ];
    for (const [ns, text] of durations) assert.equal(goDuration(ns), text);
  });

  test('promLabels sorts, quotes names that are not Prometheus names, marks nil and empty', () => {
    assert.equal(
      promLabels([
        { name: 'span.http.route', value: { type: 'string', value: '/orders' } },
        { name: 'p', value: { type: 'float', value: 0.95 } },
      ]),
      '{p="0.95", "span.http.route"="/orders"}',
    );
    assert.equal(
      promLabels([
        { name: 'resource.service.name', value: { type: 'nil' } },
        { name: 'name', value: { type: 'string', value: '' } },
        { name: 'status', value: { type: 'status', value: 'error' } },
      ]),
      '{name="<empty>", "resource.service.name"="<nil>", status="error"}',
    );
    assert.equal(
      promLabels([{ name: '__name__', value: { type: 'string', value: 'rate' } }]),
      '{__name__="rate"}',
    );
  });

  test('label values are OTLP AnyValues; nil, status and kind are strings', () => {
    assert.deepEqual(anyValueJson({ type: 'int', value: 200 }), { intValue: '200' });
    assert.deepEqual(anyValueJson({ type: 'float', value: 0.95 }), { doubleValue: 0.95 });
    assert.deepEqual(anyValueJson({ type: 'bool', value: false }), { boolValue: false });
    assert.deepEqual(anyValueJson({ type: 'nil' }), { stringValue: 'nil' });
    assert.deepEqual(anyValueJson({ type: 'kind', value: 'server' }), { stringValue: 'server' });
  });
});

describe('duration parameters', () => {
  test('Go durations for step', () => {
    const cases: [string, bigint | undefined][] = [
      ['30s', 30_000_000_000n],
      ['1m30s', 90_000_000_000n],
      ['1.5h', 5_400_000_000_000n],
      ['250ms', 250_000_000n],
      ['0', 0n],
      ['1d', undefined],
      ['s', undefined],
      ['', undefined],
    ];
    for (const [text, ns] of cases) assert.equal(parseGoDuration(text), ns, text);
  });

  test('Prometheus durations for since', () => {
    const cases: [string, bigint | undefined][] = [
      ['1h', 3_600_000_000_000n],
      ['2d', 172_800_000_000_000n],
      ['1h30m', 5_400_000_000_000n],
      ['1.5h', undefined],
      ['h', undefined],
    ];
    for (const [text, ns] of cases) assert.equal(parsePromDuration(text), ns, text);
  });
});
