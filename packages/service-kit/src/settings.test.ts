import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readNumber, readPort, readRate, readUrl, SettingsError } from './index.js';

/** Asserts that `read` throws a SettingsError whose message matches `message`. */
function assertSettingsError(read: () => unknown, message: RegExp): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof SettingsError, `expected a SettingsError, got ${String(error)}`);
    assert.equal(error.name, 'SettingsError');
    assert.match(error.message, message);
    return true;
  });
}

describe('readNumber', () => {
  const range = { min: 0, max: 100 };
  const good: [string | undefined, number][] = [
    [undefined, 7],
    ['', 7],
    ['   ', 7],
    ['0', 0],
    ['100', 100],
    ['42', 42],
    ['2.5', 2.5],
    [' 3 ', 3],
    ['1e1', 10],
  ];
  for (const [raw, expected] of good) {
    test(`${JSON.stringify(raw)} reads as ${expected}`, () => {
      assert.equal(readNumber({ LATENCY_SCALE: raw }, 'LATENCY_SCALE', 7, range), expected);
    });
  }
  const bad = ['abc', '12abc', 'NaN', 'Infinity', '-1', '-0.001', '100.5', '1e3'];
  for (const raw of bad) {
    test(`${JSON.stringify(raw)} throws, naming the variable, the value and the range`, () => {
      assertSettingsError(
        () => readNumber({ LATENCY_SCALE: raw }, 'LATENCY_SCALE', 7, range),
        new RegExp(`^LATENCY_SCALE=${JSON.stringify(raw)} is not a number from 0 to 100$`),
      );
    });
  }
  test('reads only the variable it is asked for', () => {
    assert.equal(readNumber({ OTHER: 'abc' }, 'LATENCY_SCALE', 7, range), 7);
  });
});

describe('readPort', () => {
  const good: [string | undefined, number][] = [
    [undefined, 8081],
    ['', 8081],
    ['8080', 8080],
    ['0', 0],
    ['65535', 65535],
  ];
  for (const [raw, expected] of good) {
    test(`PORT=${JSON.stringify(raw)} reads as ${expected}`, () => {
      assert.equal(readPort({ PORT: raw }, 8081), expected);
    });
  }
  const bad: [string, RegExp][] = [
    ['http', /^PORT="http" is not a number from 0 to 65535$/],
    ['-1', /^PORT="-1" is not a number from 0 to 65535$/],
    ['65536', /^PORT="65536" is not a number from 0 to 65535$/],
    ['80.5', /^PORT=80\.5 is not an integer$/],
  ];
  for (const [raw, message] of bad) {
    test(`PORT=${JSON.stringify(raw)} throws`, () => {
      assertSettingsError(() => readPort({ PORT: raw }, 8081), message);
    });
  }
});

describe('readUrl', () => {
  const fallback = 'http://localhost:8081';
  const good: [string | undefined, string][] = [
    [undefined, 'http://localhost:8081/'],
    ['', 'http://localhost:8081/'],
    ['  ', 'http://localhost:8081/'],
    ['http://payment-service:8081', 'http://payment-service:8081/'],
    [' https://pay.example/api ', 'https://pay.example/api'],
  ];
  for (const [raw, expected] of good) {
    test(`${JSON.stringify(raw)} reads as ${expected}`, () => {
      const url = readUrl({ PAYMENT_URL: raw }, 'PAYMENT_URL', fallback);
      assert.ok(url instanceof URL);
      assert.equal(url.href, expected);
    });
  }
  const bad = [
    'payment-service:8081',
    'not a url',
    'ftp://files.example',
    'file:///etc/passwd',
    'http://',
  ];
  for (const raw of bad) {
    test(`${JSON.stringify(raw)} throws, naming the variable and the value`, () => {
      assertSettingsError(
        () => readUrl({ PAYMENT_URL: raw }, 'PAYMENT_URL', fallback),
        new RegExp(
          `^PAYMENT_URL=${JSON.stringify(raw).replace(/[./]/g, '\\$&')} is not an http\\(s\\) URL$`,
        ),
      );
    });
  }
  test('a bad fallback is reported under the variable too', () => {
    assertSettingsError(
      () => readUrl({}, 'PAYMENT_URL', 'localhost'),
      /^PAYMENT_URL="localhost" is not an http\(s\) URL$/,
    );
  });
});

describe('readRate', () => {
  const good: [string | undefined, number][] = [
    [undefined, 0.1],
    ['0', 0],
    ['1', 1],
    ['0.25', 0.25],
  ];
  for (const [raw, expected] of good) {
    test(`${JSON.stringify(raw)} reads as ${expected}`, () => {
      assert.equal(readRate({ SLOW_PAYMENT_RATE: raw }, 'SLOW_PAYMENT_RATE', 0.1), expected);
    });
  }
  for (const raw of ['1.5', '-0.1', '10%', 'often']) {
    test(`${JSON.stringify(raw)} throws, naming the variable`, () => {
      assertSettingsError(
        () => readRate({ SLOW_PAYMENT_RATE: raw }, 'SLOW_PAYMENT_RATE', 0.1),
        new RegExp(`^SLOW_PAYMENT_RATE=${JSON.stringify(raw)} is not a number from 0 to 1$`),
      );
    });
  }
});
