import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectedLevel, levelOfSeverityNumber } from './detected-level.js';

const lookup = (record: Record<string, string>) => (name: string) =>
  Object.hasOwn(record, name) ? record[name] : undefined;

test('severity numbers map to levels by their OTLP range', () => {
  const cases: [number, string][] = [
    [0, 'unknown'],
    [1, 'trace'],
    [4, 'trace'],
    [5, 'debug'],
    [9, 'info'],
    [12, 'info'],
    [13, 'warn'],
    [17, 'error'],
    [20, 'error'],
    [21, 'fatal'],
    [24, 'fatal'],
    [25, 'unknown'],
  ];
  for (const [number, level] of cases)
    assert.equal(levelOfSeverityNumber(number), level, String(number));
});

test('detected_level: level fields first, then the severity number, then the line', () => {
  const cases: {
    name: string;
    labels?: Record<string, string>;
    metadata: Record<string, string>;
    line: string;
    level: string;
  }[] = [
    {
      name: 'severity_text',
      metadata: { severity_text: 'WARN', severity_number: '9' },
      line: '',
      level: 'warn',
    },
    {
      name: 'severity_text spelled short',
      metadata: { severity_text: 'Err' },
      line: '',
      level: 'error',
    },
    {
      name: 'severity_text unknown kept as is',
      metadata: { severity_text: 'Notice' },
      line: '',
      level: 'Notice',
    },
    {
      name: 'a level attribute before severity_text',
      metadata: { level: 'debug', severity_text: 'ERROR' },
      line: '',
      level: 'debug',
    },
    {
      name: 'an index label named level',
      labels: { level: 'info' },
      metadata: { severity_text: 'ERROR' },
      line: '',
      level: 'info',
    },
    {
      name: 'severity number without text',
      metadata: { severity_number: '18' },
      line: 'info',
      level: 'error',
    },
    {
      name: 'an existing detected_level',
      metadata: { detected_level: 'custom', severity_text: 'info' },
      line: '',
      level: 'custom',
    },
    {
      name: 'JSON line level field',
      metadata: {},
      line: '{"msg":"x","level":"WARNING"}',
      level: 'warn',
    },
    {
      name: 'JSON line nested level field',
      metadata: {},
      line: '{"log":{"lvl":"dbg"}}',
      level: 'debug',
    },
    {
      name: 'JSON line level too deep',
      metadata: {},
      line: '{"a":{"b":{"level":"wrn"}}}',
      level: 'unknown',
    },
    {
      name: 'JSON line level in reach',
      metadata: {},
      line: '{"a":{"level":"wrn"}}',
      level: 'warn',
    },
    { name: 'logfmt line', metadata: {}, line: 'ts=1 msg="hi there" level=error', level: 'error' },
    {
      name: 'logfmt line, name case-insensitive',
      metadata: {},
      line: 'LeVeL=inf msg=x',
      level: 'info',
    },
    {
      name: 'logfmt with an odd level falls back to words',
      metadata: {},
      line: 'level=notice msg="disk warning"',
      level: 'warn',
    },
    {
      name: 'plain line with ERROR',
      metadata: {},
      line: 'payment failed: ERROR 42',
      level: 'error',
    },
    {
      name: 'plain line: info wins over error',
      metadata: {},
      line: 'info: error count 0',
      level: 'info',
    },
    { name: 'plain line without a level', metadata: {}, line: 'GET /orders', level: 'unknown' },
    {
      name: 'a word glued after a colon is no level',
      metadata: {},
      line: 'misc:error happened',
      level: 'unknown',
    },
    {
      name: 'a word inside another is no level',
      metadata: {},
      line: 'errors found',
      level: 'unknown',
    },
    {
      name: 'the earliest level word wins',
      metadata: {},
      line: 'an Error occurred [WARN]',
      level: 'error',
    },
    { name: 'a level word before a colon', metadata: {}, line: 'debug: starting', level: 'debug' },
    {
      name: 'an existing detected_level is normalised',
      metadata: { detected_level: 'WARNING' },
      line: '',
      level: 'warn',
    },
  ];
  for (const c of cases) {
    assert.equal(
      detectedLevel(lookup(c.labels ?? {}), lookup(c.metadata), c.line),
      c.level,
      c.name,
    );
  }
});
