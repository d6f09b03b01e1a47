import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPrettyFormatter } from './pretty-log.js';

// 12:30:01 UTC; the formatter shows local time, so the expected time is computed the same way.
const TIME = Date.UTC(2026, 11, 7, 12, 30, 1, 250);
const HHMMSS = new Date(TIME).toTimeString().slice(0, 8);
const plain = createPrettyFormatter({ colorize: false });
const coloured = createPrettyFormatter({ colorize: true });
const pino = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: TIME, pid: 7, hostname: 'vm', name: 'demo-app', ...fields });

const CASES: { name: string; line: string; expected: string | undefined }[] = [
  {
    name: 'a service line: fields as key=value, the trace id short and last, span id and flags left out',
    line: pino({
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      trace_flags: '01',
      'order.id': 'o-12',
      msg: 'order created',
    }),
    expected: `${HHMMSS} INFO  demo-app: order created order.id=o-12 trace_id=4bf92f35…`,
  },
  {
    name: 'levels padded to one width',
    line: pino({ level: 40, msg: 'slow' }),
    expected: `${HHMMSS} WARN  demo-app: slow`,
  },
  {
    name: 'error with an error object and values that need quotes',
    line: pino({
      level: 50,
      msg: 'charge failed',
      err: { type: 'Error', message: 'declined' },
      reason: 'card expired',
      amount: 12.5,
      retried: false,
      note: '',
    }),
    expected: `${HHMMSS} ERROR demo-app: charge failed err={"type":"Error","message":"declined"} reason="card expired" amount=12.5 retried=false note=""`,
  },
  {
    name: 'debug and fatal',
    line: pino({ level: 20, msg: 'a' }),
    expected: `${HHMMSS} DEBUG demo-app: a`,
  },
  {
    name: 'fatal',
    line: pino({ level: 60, msg: 'b' }),
    expected: `${HHMMSS} FATAL demo-app: b`,
  },
  {
    name: "the backend's lines: an ISO time and no level (info)",
    line: JSON.stringify({
      time: new Date(TIME).toISOString(),
      pid: 3,
      name: 'backend',
      msg: 'up',
    }),
    expected: `${HHMMSS} INFO  demo-app: up`,
  },
  {
    name: 'a level given by name',
    line: JSON.stringify({ level: 'warn', time: TIME, msg: 'named' }),
    expected: `${HHMMSS} WARN  demo-app: named`,
  },
  {
    name: 'control characters in the message, a key and a value are shown escaped',
    line: pino({
      msg: 'evil \u001b[2J\u001b]0;title\u0007 csi\u009b31m bidi\u202e end\nnext',
      'k\u001b[31m': 'v\u001b',
      obj: { deep: '\u009b' },
    }),
    expected: `${HHMMSS} INFO  demo-app: evil \\u001b[2J\\u001b]0;title\\u0007 csi\\u009b31m bidi\\u202e end\\nnext k\\u001b[31m=v\\u001b obj={"deep":"\\u009b"}`,
  },
  { name: 'not JSON', line: 'Error: boom', expected: undefined },
  { name: 'a JSON array', line: '[1,2]', expected: undefined },
  { name: 'a JSON number', line: '42', expected: undefined },
  { name: 'empty', line: '', expected: undefined },
];

for (const { name, line, expected } of CASES) {
  test(`pretty log line: ${name}`, () => {
    assert.equal(plain('demo-app', 0, line), expected);
  });
}

test('in colour: the level and service are coloured, attacker text never carries an ESC', () => {
  const line = coloured(
    'payment-service',
    0,
    pino({ level: 50, msg: '\u001b[31mred\u001b[0m', trace_id: 'abcdef0123456789' }),
  );
  assert.ok(line);
  assert.ok(line.includes('\u001b[31mERROR\u001b[39m'), 'error is red');
  assert.ok(line.includes('\u001b[36mpayment-service\u001b[39m'), 'the first service is cyan');
  // Strip the formatter's own colour codes: what is left holds no control character.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the formatter's colour codes.
  const text = line.replace(/\u001b\[\d+m/g, '');
  assert.equal(
    text,
    `${HHMMSS} ERROR payment-service: \\u001b[31mred\\u001b[0m trace_id=abcdef01…`,
  );
});
