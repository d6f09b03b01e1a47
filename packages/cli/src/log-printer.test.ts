import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseLogFormat, createLinePrinter } from './log-printer.js';

test('readable lines on a terminal; JSON when piped or asked for', () => {
  const table = [
    { tty: true, jsonLogs: false, format: 'pretty' },
    { tty: true, jsonLogs: true, format: 'json' },
    { tty: false, jsonLogs: false, format: 'json' },
    { tty: false, jsonLogs: true, format: 'json' },
  ] as const;
  for (const { tty, jsonLogs, format } of table) {
    assert.equal(chooseLogFormat(tty, jsonLogs), format, JSON.stringify({ tty, jsonLogs }));
  }
});

const LOG = JSON.stringify({ level: 30, time: 0, name: 'demo-app', msg: 'hi \u001b[2J' });

test('JSON lines pass through unchanged, after the process name', () => {
  const print = createLinePrinter({ format: 'json', colour: false });
  assert.equal(print('demo-app', 1, LOG), `demo-app       │ ${LOG}`);
  assert.equal(print('backend', 2, 'Error: boom'), 'backend        │ Error: boom');
  const coloured = createLinePrinter({ format: 'json', colour: true });
  assert.equal(coloured('demo-app', 1, LOG), `\u001b[35mdemo-app       \u001b[0m│ ${LOG}`);
});

test('pretty: log lines formatted; other lines keep their text, control characters escaped', () => {
  const print = createLinePrinter({ format: 'pretty', colour: false });
  assert.match(print('demo-app', 1, LOG), /^\d\d:\d\d:\d\d INFO {2}demo-app: hi \\u001b\[2J$/);
  assert.equal(
    print('backend', 2, '    at run (/lab/main.js:12:3)'),
    'backend        │     at run (/lab/main.js:12:3)',
  );
  assert.equal(
    print('backend', 2, 'warning \u001b]0;x\u0007'),
    'backend        │ warning \\u001b]0;x\\u0007',
  );
});
