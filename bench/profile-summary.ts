import { readFileSync } from 'node:fs';

/**
 * Where a `--cpu-prof` profile of the server spent its time, as text:
 *   tsx bench/profile-summary.ts FILE.cpuprofile [--from S] [--to S] [--top N] [--timeline]
 * Self time by function and by module, inclusive time by function, within an optional window
 * (seconds since the profile started; --timeline prints busy time per second to choose one).
 */

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
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [--from S] [--to S] [--top N] [--timeline]');
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const from = flag('from', 0) * 1e6;
const to = flag('to', Number.POSITIVE_INFINITY) * 1e6;
const top = flag('top', 25);

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const IDLE = new Set(['(idle)', '(program)']);
const short = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/').replace(/^.*\/work\/main\//, '');
const nameOf = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url ? `${short(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
/** A package, a Node internal, a source file of ours, or a V8 pseudo-frame like (garbage collector). */
const moduleOf = (f: CallFrame) => {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (pkg) return pkg[1]!;
  if (f.url.startsWith('node:')) return f.url.split('/').slice(0, 2).join('/');
  return short(f.url);
};

const self = new Map<string, number>();
const modules = new Map<string, number>();
const inclusive = new Map<string, number>();
const perSecond = new Map<number, number>();
let busy = 0;
let idle = 0;
let t = 0;
const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);

for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  // The time until the next sample is this sample's.
  const us = profile.timeDeltas[i + 1] ?? 0;
  const node = byId.get(profile.samples[i]!)!;
  if (IDLE.has(node.callFrame.functionName)) {
    if (t >= from && t < to) idle += us;
    continue;
  }
  const second = Math.floor(t / 1e6);
  perSecond.set(second, (perSecond.get(second) ?? 0) + us);
  if (t < from || t >= to) continue;
  busy += us;
  add(self, nameOf(node.callFrame), us);
  add(modules, moduleOf(node.callFrame), us);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const name = nameOf(byId.get(id)!.callFrame);
    if (name.startsWith('(root)') || seen.has(name)) continue;
    seen.add(name);
    add(inclusive, name, us);
  }
}

const pct = (us: number) => `${((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5)}%`;
const print = (title: string, map: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
};

console.log(`${file}: busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s in the window (percentages are of busy time)`);
if (args.includes('--timeline')) {
  console.log('\nbusy ms per second since start');
  for (const [second, us] of [...perSecond].sort((a, b) => a[0] - b[0])) console.log(`  ${String(second).padStart(4)} s  ${(us / 1000).toFixed(0).padStart(5)}`);
}
print('self time by module', modules, 15);
print('self time by function', self, top);
print('inclusive time by function', inclusive, top);
