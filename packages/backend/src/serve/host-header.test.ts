import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostnameOf } from './host-header.js';

const rows: [string, string | undefined][] = [
  // What browsers and clients send: the port and brackets go, the case is lowered.
  ['localhost', 'localhost'],
  ['LocalHost:16686', 'localhost'],
  ['127.0.0.1:80', '127.0.0.1'],
  ['[::1]:16686', '::1'],
  ['[::1]', '::1'],
  ['[0:0:0:0:0:0:0:1]:1', '::1'],
  ['[FD00::2]', 'fd00::2'],
  ['Host.Docker.Internal:3000', 'host.docker.internal'],
  ['otel_lab-1:65535', 'otel_lab-1'],
  ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  // Malformed: userinfo, junk after the brackets, a bare IPv6 address, ports that are no port.
  ['localhost:80@evil.com', undefined],
  ['evil.com@localhost', undefined],
  ['[::1]junk', undefined],
  ['[::1]:', undefined],
  ['[::1', undefined],
  ['[not:an:address]', undefined],
  ['[::1]:16686:1', undefined],
  ['::1', undefined],
  ['localhost:', undefined],
  ['localhost:0', undefined],
  ['localhost:65536', undefined],
  ['localhost:123456', undefined],
  ['localhost:+80', undefined],
  ['localhost:8o', undefined],
  ['localhost :80', undefined],
  ['local host', undefined],
  ['localhost/x', undefined],
  ['%6Cocalhost', undefined],
  ['', undefined],
];
for (const [host, name] of rows) {
  test(`Host ${JSON.stringify(host)}: ${name === undefined ? 'malformed' : name}`, () => {
    assert.equal(hostnameOf(host), name);
  });
}
