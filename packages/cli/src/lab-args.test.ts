import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabArgs } from './lab-args.js';

test('defaults: demo-app 8080, payment-service 8081, the backend on its defaults', () => {
  const args = parseLabArgs([], {});
  assert.ok('backend' in args);
  assert.equal(args.demoPort, 8080);
  assert.equal(args.paymentPort, 8081);
  assert.equal(args.backend.httpPort, 16686);
  assert.equal(args.backend.otlpHttpPort, 4318);
  assert.deepEqual(args.backendArgs, []);
});

test('lab flags are kept, backend flags are passed on as given', () => {
  const args = parseLabArgs(
    [
      '--demo-app-port',
      '9080',
      '--http-port=17686',
      '--payment-port=9081',
      '--data-dir',
      '/tmp/lab',
    ],
    {},
  );
  assert.ok('backend' in args);
  assert.equal(args.demoPort, 9080);
  assert.equal(args.paymentPort, 9081);
  assert.equal(args.backend.httpPort, 17686);
  assert.equal(args.backend.dataDir, '/tmp/lab');
  assert.deepEqual(args.backendArgs, ['--http-port=17686', '--data-dir', '/tmp/lab']);
});

test('environment variables set the lab ports', () => {
  const args = parseLabArgs([], { DEMO_APP_PORT: '7080', PAYMENT_PORT: '7081' });
  assert.ok('backend' in args);
  assert.deepEqual([args.demoPort, args.paymentPort], [7080, 7081]);
});

test('every problem is reported, the lab’s and the backend’s', () => {
  const args = parseLabArgs(['--demo-app-port', 'x', '--retention', 'forever', '--nope'], {});
  assert.ok('errors' in args);
  assert.equal(args.errors.length, 3, args.errors.join('\n'));
  assert.ok(args.errors.some((error) => /--demo-app-port must be a port number/.test(error)));
  assert.ok(args.errors.some((error) => /--retention "forever"/.test(error)));
  assert.ok(args.errors.some((error) => /unknown option --nope/.test(error)));
});

test('--help wins', () => {
  assert.deepEqual(parseLabArgs(['--demo-app-port', 'x', '--help'], {}), { help: true });
});

test('a lab flag without its value', () => {
  const args = parseLabArgs(['--payment-port'], {});
  assert.ok('errors' in args);
  assert.match(args.errors.join('\n'), /--payment-port needs a value/);
});

test('--json-logs is the launcher’s, off by default', () => {
  const plain = parseLabArgs([], {});
  assert.ok('backend' in plain);
  assert.equal(plain.jsonLogs, false);
  const json = parseLabArgs(['--http-port', '17686', '--json-logs'], {});
  assert.ok('backend' in json);
  assert.equal(json.jsonLogs, true);
  assert.deepEqual(json.backendArgs, ['--http-port', '17686']);
});
