/**
 * Summarises a V8 CPU profile (node --cpu-prof): self time by function and by package, and the
 * inclusive time of the functions that take most. Run on its own with
 * `node bench/dist/profile-summary.js FILE.cpuprofile [--top N]`; overhead.ts uses it for --cpu-prof.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  ms: number;
  /** Share of the busy time: everything but (idle). */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  selfByFunction: ProfileRow[];
  selfByPackage: ProfileRow[];
  inclusiveByFunction: ProfileRow[];
  /** Every package's self time in ms, for comparing two profiles. */
  allSelfByPackage: Map<string, number>;
}

const VM_FRAMES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** "@opentelemetry/sdk-trace", "express", "node:internal/…", "demo-app", or the frame name. */
export function packageOf(frame: CallFrame): string {
  const url = frame.url;
  if (url === '') return VM_FRAMES.has(frame.functionName) ? frame.functionName : '(native)';
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules !== -1) {
    const parts = url.slice(inModules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) {
    const rest = url.slice('node:'.length).split('/');
    return rest[0] === 'internal' ? `node:internal/${rest[1] ?? ''}` : `node:${rest[0]}`;
  }
  for (const workspace of ['demo-app', 'payment-service', 'bench']) {
    if (url.includes(`/${workspace}/dist/`)) return workspace;
  }
  const kit = /\/packages\/([^/]+)\/dist\//.exec(url);
  if (kit) return `@otel-lab/${kit[1]}`;
  return url;
}

function shortUrl(url: string): string {
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules !== -1) return url.slice(inModules + '/node_modules/'.length);
  const cwd = `file://${process.cwd()}/`;
  if (url.startsWith(cwd)) return url.slice(cwd.length);
  return url;
}

function functionKey(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName || '(anonymous)';
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function topRows(totals: Map<string, number>, busyMs: number, top: number): ProfileRow[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, percent: busyMs > 0 ? (100 * ms) / busyMs : 0 }));
}

export function summariseProfile(profile: CpuProfile, top = 20): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  // timeDeltas[i] is the time from sample i-1 to sample i: it belongs to sample i-1.
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }

  let totalMs = 0;
  let idleMs = 0;
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const ms = us / 1000;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const key = functionKey(node.callFrame);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);
    const pkg = packageOf(node.callFrame);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + ms);
    // Inclusive: every distinct function on the stack gets the sample once (recursion-safe).
    const seen = new Set<string>();
    let current: number | undefined = id;
    for (let depth = 0; current !== undefined && depth < 10_000; depth++) {
      const frame = byId.get(current)?.callFrame;
      if (frame && frame.functionName !== '(root)') {
        const name = functionKey(frame);
        if (!seen.has(name)) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
        }
      }
      current = parentOf.get(current);
    }
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs,
    idleMs,
    busyMs,
    selfByFunction: topRows(selfByFunction, busyMs, top),
    selfByPackage: topRows(selfByPackage, busyMs, top),
    inclusiveByFunction: topRows(inclusive, busyMs, top),
    allSelfByPackage: selfByPackage,
  };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const lines = [
    `${title}: ${(summary.busyMs / 1000).toFixed(1)} s busy of ${(summary.totalMs / 1000).toFixed(1)} s profiled`,
  ];
  const section = (heading: string, rows: ProfileRow[]) => {
    lines.push(`  ${heading}`);
    for (const row of rows) {
      lines.push(
        `    ${row.percent.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`,
      );
    }
  };
  section('self time by package', summary.selfByPackage);
  section('self time by function', summary.selfByFunction);
  section('inclusive time by function', summary.inclusiveByFunction);
  return lines.join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '20' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(
      'usage: node bench/dist/profile-summary.js FILE.cpuprofile... [--top N]\n' +
        'Prints self time by package and function, and inclusive time, as shares of busy time.\n',
    );
    process.exit(values.help ? 0 : 2);
  }
  const top = Number(values.top);
  for (const file of positionals) {
    process.stdout.write(`${formatSummary(file, summariseProfile(readProfile(file), top))}\n\n`);
  }
}

if (require.main === module) main();
