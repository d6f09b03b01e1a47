// Loki's ip("...") filters: a single address, a CIDR (`10.0.0.0/8`, `::1/128`) or a range
// (`192.168.0.1-192.168.0.255`). Label filters test the label's value; line filters look for any
// address in the line.

type Matcher = (ip: bigint, v6: boolean) => boolean;

export class IpPatternError extends Error {}

/** An address as a number, or undefined. IPv4 addresses are 32-bit, IPv6 128-bit. */
export function parseIp(text: string): { value: bigint; v6: boolean } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    let value = 0n;
    for (const part of text.split('.')) {
      if (part.length > 1 && part.startsWith('0')) return undefined;
      const n = Number(part);
      if (n > 255) return undefined;
      value = (value << 8n) | BigInt(n);
    }
    return { value, v6: false };
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  const last = tail.length > 0 ? tail : head;
  // An embedded IPv4 address counts as two groups.
  const v4 =
    last.length > 0 && (last[last.length - 1] as string).includes('.') ? last.pop() : undefined;
  const v4Value = v4 === undefined ? undefined : parseIp(v4);
  if (v4 !== undefined && (!v4Value || v4Value.v6)) return undefined;
  const count = head.length + tail.length + (v4 ? 2 : 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...head, ...Array<string>(8 - count).fill('0'), ...tail];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (v4Value) value = (value << 32n) | v4Value.value;
  return { value, v6: true };
}

/** Compiles an ip() pattern; throws IpPatternError for anything else. */
export function compileIpPattern(pattern: string): (text: string) => boolean {
  const matcher = ipMatcher(pattern.trim());
  return (text) => {
    const ip = parseIp(text);
    return ip !== undefined && matcher(ip.value, ip.v6);
  };
}

function ipMatcher(pattern: string): Matcher {
  const slash = pattern.indexOf('/');
  if (slash >= 0) {
    const base = parseIp(pattern.slice(0, slash));
    const bits = Number(pattern.slice(slash + 1));
    const width = base?.v6 ? 128 : 32;
    if (!base || !/^\d+$/.test(pattern.slice(slash + 1)) || bits > width) throw invalid(pattern);
    const shift = BigInt(width - bits);
    return (ip, v6) => v6 === base.v6 && ip >> shift === base.value >> shift;
  }
  const dash = pattern.indexOf('-');
  if (dash >= 0) {
    const from = parseIp(pattern.slice(0, dash).trim());
    const to = parseIp(pattern.slice(dash + 1).trim());
    if (!from || !to || from.v6 !== to.v6 || from.value > to.value) throw invalid(pattern);
    return (ip, v6) => v6 === from.v6 && ip >= from.value && ip <= to.value;
  }
  const single = parseIp(pattern);
  if (!single) throw invalid(pattern);
  return (ip, v6) => v6 === single.v6 && ip === single.value;
}

function invalid(pattern: string): IpPatternError {
  return new IpPatternError(`invalid ip pattern: ${JSON.stringify(pattern)}`);
}

function trimSeparators(word: string): string {
  let a = 0;
  let b = word.length;
  while (a < b && (word[a] === ':' || word[a] === '.')) a++;
  while (b > a && (word[b - 1] === ':' || word[b - 1] === '.')) b--;
  return word.slice(a, b);
}

/** Whether any address-looking word of the line matches. */
export function lineHasIp(line: string, test: (text: string) => boolean): boolean {
  // Maximal runs of address characters: one pass, no backtracking (a long hex run stays linear).
  for (const m of line.matchAll(/[0-9a-fA-F:.]+/g)) {
    if (!/[:.]/.test(m[0])) continue;
    const word = trimSeparators(m[0]);
    if (test(word)) return true;
    // An IPv4 address with a port (10.1.2.3:443) or in a list.
    if (word.includes('.') && word.split(':').some(test)) return true;
  }
  return false;
}
