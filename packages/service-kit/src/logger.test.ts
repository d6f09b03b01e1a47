import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createLogger } from './logger.js';

const saved = process.env.LOG_LEVEL;
afterEach(() => {
  if (saved === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = saved;
});

function capture(): { lines: Record<string, unknown>[]; write: (line: string) => void } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => lines.push(JSON.parse(line)) };
}

test('LOG_LEVEL picks the level', () => {
  process.env.LOG_LEVEL = 'warn';
  const out = capture();
  const logger = createLogger('svc', out);
  logger.info('hidden');
  logger.warn('shown');
  assert.deepEqual(
    out.lines.map((line) => [line.name, line.msg]),
    [['svc', 'shown']],
  );
});

test('an unknown LOG_LEVEL falls back to info and says so', () => {
  process.env.LOG_LEVEL = 'verbose';
  const out = capture();
  const logger = createLogger('svc', out);
  logger.info('shown');
  assert.equal(out.lines.length, 2);
  assert.match(String(out.lines[0]?.msg), /LOG_LEVEL="verbose" is not one of .*using info/);
  assert.equal(out.lines[1]?.msg, 'shown');
});
