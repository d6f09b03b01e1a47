/**
 * The names this machine is reached by from elsewhere, which the Host check allows when the
 * query port listens beyond loopback without a token (--allow-anonymous): its host name as
 * os.hostname() gives it, that name's first label and the label with .local (mDNS), and every
 * address of its network interfaces (Docker's bridge included). Read again at most every
 * `refreshMs`, so an address the machine gets later (a new DHCP lease, a VPN) is answered too.
 */
import { hostname, type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { canonicalIPv6 } from './host-header.js';

export interface MachineSource {
  hostname(): string;
  networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/** The names now, lower case, IPv6 without brackets. */
export function readMachineNames(source: MachineSource = { hostname, networkInterfaces }) {
  const host = source.hostname().toLowerCase();
  const label = host.split('.')[0] ?? '';
  const names = new Set([host, label, `${label}.local`]);
  for (const list of Object.values(source.networkInterfaces())) {
    for (const info of list ?? []) {
      const address = info.address.split('%')[0] ?? '';
      names.add(info.family === 'IPv6' ? canonicalIPv6(address) : address);
    }
  }
  names.delete('');
  names.delete('.local');
  return names;
}

/** readMachineNames, read once and again when `refreshMs` have passed since. */
export function createMachineNames(
  refreshMs = 10_000,
  read: () => ReadonlySet<string> = () => readMachineNames(),
  now: () => number = Date.now,
): () => ReadonlySet<string> {
  let names = read();
  let readAt = now();
  return () => {
    if (now() - readAt >= refreshMs) {
      names = read();
      readAt = now();
    }
    return names;
  };
}
