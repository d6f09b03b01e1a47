import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { createMachineNames, readMachineNames } from './machine-names.js';

const address = (family: 'IPv4' | 'IPv6', text: string) =>
  ({ family, address: text, internal: false }) as NetworkInterfaceInfo;

test('the host name, its first label, the label with .local, and every interface address', () => {
  const names = readMachineNames({
    hostname: () => 'Lab-Box.corp.example',
    networkInterfaces: () => ({
      lo: [address('IPv4', '127.0.0.1'), address('IPv6', '::1')],
      eth0: [address('IPv4', '192.168.1.5'), address('IPv6', 'FE80:0:0:0:0:0:0:1')],
      docker0: [address('IPv4', '172.17.0.1')],
    }),
  });
  assert.deepEqual([...names].sort(), [
    '127.0.0.1',
    '172.17.0.1',
    '192.168.1.5',
    '::1',
    'fe80::1',
    'lab-box',
    'lab-box.corp.example',
    'lab-box.local',
  ]);
});

test('the names are read again once refreshMs have passed, not before', () => {
  let clock = 0;
  let reads = 0;
  const names = createMachineNames(
    10_000,
    () => new Set([`10.0.0.${++reads}`]),
    () => clock,
  );
  assert.deepEqual([...names()], ['10.0.0.1']);
  clock = 9_999;
  assert.deepEqual([...names()], ['10.0.0.1']);
  clock = 10_000;
  assert.deepEqual([...names()], ['10.0.0.2']);
  assert.equal(reads, 2);
});
