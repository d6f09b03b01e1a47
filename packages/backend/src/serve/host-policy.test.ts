import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { createHostPolicy, refusedHost } from './host-policy.js';

const request = (host?: string) =>
  ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

/** What machine-names.ts reads on a machine with a LAN address and Docker's bridge. */
const MACHINE = () => new Set(['lab-box', 'lab-box.local', '192.168.1.5', '172.17.0.1', 'fd00::2']);

interface Row {
  allowed?: string[];
  bind?: string;
  /** Beyond loopback without a token: the machine's names too. */
  machine?: true;
  host: string | undefined;
  status?: 400 | 403;
}
const rows: Row[] = [
  // Bound to loopback: its names, with or without the port, any case.
  ...['localhost', 'localhost:16686', 'LOCALHOST:1', '127.0.0.1', '127.0.0.1:16686'].map(
    (host) => ({ host }),
  ),
  ...['[::1]', '[::1]:16686', '[0:0:0:0:0:0:0:1]:16686'].map((host) => ({ host })),
  { host: undefined },
  // What a DNS-rebinding page sends, and the machine's other names, which loopback cannot hear.
  ...['evil.example', 'evil.example:16686', 'localhost.evil.example', '192.168.1.5:16686'].map(
    (host) => ({ host, status: 403 as const }),
  ),
  { host: 'lab-box:16686', status: 403 },
  { host: 'host.docker.internal:16686', status: 403 },
  // Malformed, whatever the policy: 400.
  ...[
    'localhost:80@evil.com',
    '[::1]junk',
    'localhost:0',
    'localhost:65536',
    'localhost:',
    '::1',
    '',
  ].map((host) => ({ host, status: 400 as const })),
  { allowed: ['*'], host: 'localhost:80@evil.com', status: 400 },
  // --allowed-hosts.
  { allowed: ['host.docker.internal'], host: 'host.docker.internal:16686' },
  { allowed: ['HOST.docker.internal'], host: 'host.docker.internal' },
  { allowed: ['.lab.example'], host: 'grafana.lab.example:3000' },
  { allowed: ['.lab.example'], host: 'lab.example' },
  { allowed: ['.lab.example'], host: 'evil-lab.example', status: 403 },
  { allowed: ['[fd00::1]'], host: '[fd00::1]:16686' },
  { allowed: ['fd00:0::1'], host: '[fd00::1]:16686' },
  { allowed: ['*'], host: 'anything.example' },
  // The bound address is the machine's own name too.
  { bind: '127.0.0.2', host: '127.0.0.2:16686' },
  // --bind 0.0.0.0 --allow-anonymous: the machine's host name and addresses, and loopback.
  ...[
    '0.0.0.0:16686',
    'localhost:16686',
    'lab-box:16686',
    'LAB-BOX.local',
    '192.168.1.5:16686',
    '172.17.0.1:16686',
    '[fd00::2]:16686',
  ].map((host) => ({ bind: '0.0.0.0', machine: true as const, host })),
  ...['evil.example:16686', 'lab-box.evil.example', '192.168.1.6:16686', 'otel-lab:16686'].map(
    (host) => ({ bind: '0.0.0.0', machine: true as const, host, status: 403 as const }),
  ),
  { bind: '0.0.0.0', machine: true, allowed: ['otel-lab'], host: 'otel-lab:16686' },
  { bind: '0.0.0.0', machine: true, host: 'lab-box:16686@evil.example', status: 400 },
  { bind: '192.168.1.5', machine: true, host: '192.168.1.5:16686' },
];
for (const row of rows) {
  const policy = `${row.bind ?? 'loopback'}${row.machine ? ' with the machine names' : ''}, --allowed-hosts ${row.allowed?.join(',') || '(none)'}`;
  test(`Host ${JSON.stringify(row.host) ?? '(none)'}, ${policy}: ${row.status ?? 'answered'}`, () => {
    const hosts = createHostPolicy(row.allowed ?? [], row.bind, row.machine ? MACHINE : undefined);
    const refusal = refusedHost(request(row.host), hosts);
    assert.equal(refusal?.status, row.status, refusal?.message);
  });
}

test('the 403 names the host, the names allowed and the option that adds it', () => {
  const refusal = refusedHost(request('Grafana.local:16686'), createHostPolicy([]));
  assert.equal(refusal?.status, 403);
  assert.match(refusal?.message ?? '', /host "Grafana\.local:16686" is not allowed/);
  assert.match(refusal?.message ?? '', /only requests for localhost, 127\.0\.0\.1, \[::1\],/);
  assert.match(
    refusal?.message ?? '',
    /--allowed-hosts grafana\.local \(env OTEL_LAB_ALLOWED_HOSTS\)/,
  );
});

test('two Host headers are malformed, even when both name this machine', () => {
  const twice = {
    headers: { host: 'localhost:16686' },
    headersDistinct: { host: ['localhost:16686', 'evil.example'] },
  } as unknown as IncomingMessage;
  assert.equal(refusedHost(twice, createHostPolicy([]))?.status, 400);
});

test('the 400 quotes the malformed Host and says what a Host holds', () => {
  const refusal = refusedHost(request('localhost:80@evil.com'), createHostPolicy([]));
  assert.equal(refusal?.status, 400);
  assert.match(refusal?.message ?? '', /malformed Host header "localhost:80@evil\.com"/);
  assert.match(refusal?.message ?? '', /:PORT from 1 to 65535/);
});

test('the 403 beyond loopback says the machine names are allowed without listing them', () => {
  const refusal = refusedHost(request('evil.example'), createHostPolicy([], '0.0.0.0', MACHINE));
  assert.match(
    refusal?.message ?? '',
    /only requests for localhost, 127\.0\.0\.1, \[::1\], 0\.0\.0\.0 and this machine's host name and addresses \(the backend lists them at start\),/,
  );
  assert.doesNotMatch(refusal?.message ?? '', /lab-box|192\.168|172\.17|fd00/);
});

test('names lists the machine names as they are now, IPv6 in brackets, each once', () => {
  let machine = new Set(['lab-box', '127.0.0.1']);
  const policy = createHostPolicy(['.lab.example'], '0.0.0.0', () => machine);
  assert.deepEqual(policy.names(), [
    'localhost',
    '127.0.0.1',
    '[::1]',
    '0.0.0.0',
    'lab-box',
    '.lab.example',
  ]);
  machine = new Set(['fd00::9']);
  assert.ok(policy.allows('fd00::9'));
  assert.ok(!policy.allows('lab-box'));
  assert.deepEqual(policy.names().slice(4), ['[fd00::9]', '.lab.example']);
});
