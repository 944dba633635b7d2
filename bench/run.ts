import type { ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killAll, ROOT, startLoad, startRelay, startServer, stop } from './children';
import { planFdLimit, type FdLimit } from './fd-limit';
import { openGcSession } from './inspector';
import { loadClient, type SetupReport } from './ipc';
import type { RunSecrets } from './lantern-accounts';
import { parseOptions, type BenchOptions } from './options';
import type { DrainLimits, PhaseResult } from './phase';
import { cpuMsOfProcesses, loadAverage, peakRssKb, rssKb, waitIdle } from './proc';
import { rampFrom } from './ramp';
import { finalJson, phaseLine, rampLine, type RunInfo, type TargetMeasures } from './report';

/**
 * `npm run bench`: the real server and a bare ws relay under the same load, each measured from
 * a separate load-generator process. Progress goes to stderr; stdout gets a summary and, last,
 * one JSON line.
 */
const say = (line: string) => process.stderr.write(`${line}\n`);
type Call = ReturnType<typeof loadClient>;

/** Time allowed for one load request: its own length plus preparing its frames, generously. */
const phaseTimeout = (rate: number, seconds: number, drain: DrainLimits) => seconds * 1000 + drain.maxMs + 60_000 + rate * seconds * 0.5;

async function measurePhase(call: Call, target: 'lantern' | 'relay', pid: number, rate: number, seconds: number, drain: DrainLimits, verify: number) {
  return call({ kind: 'phase', target, rate, seconds, drain, pid, verify }, phaseTimeout(rate, seconds, drain));
}

/**
 * CPU the database and Redis spend meanwhile: the backends of the bench's own database (other
 * databases on the same PostgreSQL are other people's), and redis-server (shared, so an upper bound).
 */
function serviceCpu(options: BenchOptions): () => { dbCpuMs: number | null; redisCpuMs: number | null } {
  const database = options.databaseUrl ? new URL(options.databaseUrl).pathname.slice(1) : null;
  const ours = (commandLine: string) => database !== null && commandLine.startsWith('postgres: ') && commandLine.includes(` ${database} `);
  const redis = (commandLine: string) => options.redisUrl !== undefined && commandLine.startsWith('redis-server');
  const before = { db: cpuMsOfProcesses(ours), redis: cpuMsOfProcesses(redis) };
  return () => ({
    dbCpuMs: database === null ? null : cpuMsOfProcesses(ours) - before.db,
    redisCpuMs: options.redisUrl === undefined ? null : cpuMsOfProcesses(redis) - before.redis,
  });
}

/** The main phase at the offered rate, then the ramp; the target process is `pid`. */
async function measureLoad(call: Call, target: 'lantern' | 'relay', pid: number, options: BenchOptions) {
  await waitIdle(pid, 30_000);
  const mainDrain = { maxMs: Math.max(10_000, options.seconds * 1000), stallMs: 5000 };
  const helpers = serviceCpu(options);
  const main = await measurePhase(call, target, pid, options.rate, options.seconds, mainDrain, target === 'lantern' ? 50 : 0);
  const { dbCpuMs, redisCpuMs } = helpers();
  const rssEndKb = rssKb(pid);
  say(phaseLine(`${target} main`, main));
  let ramp = null;
  if (options.ramp && options.rampSteps > 0) {
    const drain = { maxMs: Math.max(2000, options.rampSeconds * 500), stallMs: 1500 };
    ramp = await rampFrom(main, options.rampSteps, async (rate) => {
      // An overloaded step may leave a backlog; the next one starts once the target is idle again.
      await waitIdle(pid, 30_000);
      const step = await measurePhase(call, target, pid, rate, options.rampSeconds, drain, 0);
      say(phaseLine(`${target} ramp`, step));
      return step;
    });
    say(rampLine(target, ramp));
  }
  return { main, ramp, rssEndKb, rssPeakKb: peakRssKb(pid), dbCpuMs, redisCpuMs };
}

/**
 * What one connection costs a process: a full GC, RSS and V8 heap, open `open()`'s sockets,
 * a full GC, RSS and heap again (bench/inspector.ts says why the collections).
 */
async function weighSockets(pid: number, stderr: () => string, open: () => Promise<number>) {
  await waitIdle(pid, 30_000);
  const gc = await openGcSession(pid, stderr);
  try {
    const heapBefore = await gc.collect();
    const rssBefore = rssKb(pid);
    const sockets = Math.max(1, await open());
    await waitIdle(pid, 30_000);
    const heapAfter = await gc.collect();
    const rssAfter = rssKb(pid);
    say(`${sockets} sockets: RSS ${(rssBefore / 1024).toFixed(1)} → ${(rssAfter / 1024).toFixed(1)} MB, V8 heap ${(heapBefore / 1048576).toFixed(1)} → ${(heapAfter / 1048576).toFixed(1)} MB`);
    return { kbPerSocket: (rssAfter - rssBefore) / sockets, heapKbPerSocket: (heapAfter - heapBefore) / 1024 / sockets };
  } finally {
    gc.close();
  }
}

async function benchLantern(call: Call, options: BenchOptions, fdLimit: FdLimit, dataDir: string) {
  const server = await startServer({ fdLimit, dataDir, databaseUrl: options.databaseUrl, redisUrl: options.redisUrl, profileDir: options.profileDir });
  say(`server pid ${server.pid} at ${server.url} (${options.databaseUrl ? 'PostgreSQL' : 'PGlite'}${options.redisUrl ? ' + Redis' : ''})`);
  try {
    const advocates = Math.ceil(options.conversations / options.perAdvocate);
    say(`creating the admin and ${advocates} advocates`);
    const accounts = await call({ kind: 'lantern-accounts', url: server.url, setupToken: server.setupToken, advocates }, 120_000 + advocates * 3000);
    say(`  done in ${accounts.seconds} s`);
    say(`opening ${options.conversations} conversations (${options.conversations * 2} sockets)`);
    const setup = await call(
      {
        kind: 'lantern-conversations',
        url: server.url,
        wsUrl: server.wsUrl,
        conversations: options.conversations,
        perAdvocate: options.perAdvocate,
        claimFromEachSocket: options.claimPerSocket,
      },
      300_000 + options.conversations * 200,
    );
    say(`  done in ${setup.seconds} s; staff received ${setup.queueFrames} queue frames (${(setup.queueBytes / 1048576).toFixed(1)} MB) meanwhile`);
    const load = await measureLoad(call, 'lantern', server.pid, options);
    let secrets: RunSecrets | null = null;
    if (options.keepData) {
      say(`closing all ${await call({ kind: 'close-conversations' }, 120_000 + options.conversations * 100)} conversations (--keep-data)`);
      secrets = await call({ kind: 'secrets' }, 60_000);
    }
    // The run's sockets close (the descriptors are needed) and as many idle, authenticated ones
    // open: what they add is what a connection costs.
    await call({ kind: 'close', target: 'lantern' }, 60_000);
    const weight = await weighSockets(server.pid, () => String(server.stderr), async () => {
      const idle = await call({ kind: 'idle-sockets', wsUrl: server.wsUrl, count: options.conversations * 2 }, 120_000 + options.conversations * 100);
      return idle.sockets;
    });
    await call({ kind: 'close-idle-sockets' }, 60_000);
    return { measures: { ...load, setup, ...weight } satisfies TargetMeasures, accountsSeconds: accounts.seconds, advocates, secrets };
  } finally {
    // A profiled server writes its profile as it exits: give it time.
    await stop(server.child, options.profileDir ? 60_000 : 10_000);
  }
}

async function benchRelay(call: Call, options: BenchOptions, fdLimit: FdLimit): Promise<TargetMeasures> {
  const relay = await startRelay(fdLimit);
  say(`relay pid ${relay.pid} at ${relay.url}`);
  try {
    let setup: SetupReport | null = null;
    const weight = await weighSockets(relay.pid, () => String(relay.stderr), async () => {
      setup = await call({ kind: 'relay-pairs', url: relay.url, conversations: options.conversations }, 120_000 + options.conversations * 50);
      return setup.sockets;
    });
    const load = await measureLoad(call, 'relay', relay.pid, options);
    await call({ kind: 'close', target: 'relay' }, 60_000);
    return { ...load, setup: setup!, ...weight };
  } finally {
    await stop(relay.child);
  }
}

async function main(options: BenchOptions): Promise<number> {
  const fdLimit = planFdLimit(options.conversations);
  say(
    `lantern bench: ${options.conversations} conversations, ${options.rate} msgs/s for ${options.seconds} s; ` +
      `${cpus().length} cores, node ${process.version}; open files soft ${fdLimit.soft} hard ${fdLimit.hard}, ` +
      `needed ${fdLimit.needed}${fdLimit.raiseTo ? ` (children get ${fdLimit.raiseTo})` : ''}`,
  );
  if (options.profileDir) {
    options.profileDir = resolve(ROOT, options.profileDir);
    await mkdir(options.profileDir, { recursive: true });
  }
  const loadavgStart = loadAverage();
  if (loadavgStart > cpus().length / 2) {
    say(`warning: load average ${loadavgStart} on ${cpus().length} cores before starting: other work will show in the latencies`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-'));
  let load: ChildProcess | null = null;
  try {
    load = startLoad(fdLimit);
    const call = loadClient(load);
    const lantern = await benchLantern(call, options, fdLimit, dataDir);
    if (options.keepData && lantern.secrets) await keepData(options.keepData, dataDir, lantern.secrets);
    const relay = await benchRelay(call, options, fdLimit);
    const info: RunInfo = {
      conversations: options.conversations,
      database: options.databaseUrl ? 'postgres' : 'pglite',
      redis: Boolean(options.redisUrl),
      accountsSeconds: lantern.accountsSeconds,
      advocates: lantern.advocates,
      loadavgStart,
      loadavgEnd: loadAverage(),
    };
    const json = finalJson(info, lantern.measures, relay);
    const summary = [
      phaseLine('lantern', lantern.measures.main),
      phaseLine('relay  ', relay.main),
      ...(lantern.measures.ramp ? [rampLine('lantern', lantern.measures.ramp)] : []),
      ...(relay.ramp ? [rampLine('relay  ', relay.ramp)] : []),
      `server RSS ${json.rss_mb} MB (${json.kb_per_socket} KiB per socket), relay RSS ${json.relay_rss_mb} MB (${json.relay_kb_per_socket} KiB per socket)`,
      `Lantern uses ${json.cpu_ratio}× the relay's server CPU per message${options.profileDir ? `; server CPU profile in ${options.profileDir}` : ''}`,
    ];
    process.stdout.write(`${summary.join('\n')}\n${JSON.stringify(json)}\n`);
    return bad(lantern.measures.main) || bad(relay.main) ? 1 : 0;
  } finally {
    if (load) await stop(load, 5000);
    killAll();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The stopped server's data directory and the run's secrets, for `npm run forensics` (docs/forensics.md). */
async function keepData(dir: string, dataDir: string, secrets: RunSecrets): Promise<void> {
  const target = resolve(ROOT, dir);
  await mkdir(target, { recursive: true });
  await cp(dataDir, join(target, 'data'), { recursive: true, errorOnExist: true, force: false });
  const serverKey = process.env.SERVER_KEY ? { serverKey: process.env.SERVER_KEY } : {};
  await writeFile(join(target, 'secrets.json'), `${JSON.stringify({ ...secrets, ...serverKey }, null, 2)}\n`, { mode: 0o600 });
  say(`data directory and secrets kept: npm run forensics -- ${join(target, 'data')} --secrets ${join(target, 'secrets.json')}`);
}

/** A main phase that lost or duplicated a message fails the run (the JSON is still printed). */
const bad = (p: PhaseResult) => p.lost > 0 || p.duplicated > 0;

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  say((error as Error).message);
  process.exit(64);
}
// Whatever happens, the run ends: a watchdog kills the children and exits.
setTimeout(() => {
  say(`bench: the ${options.deadlineSeconds} s deadline passed; stopping`);
  killAll();
  process.exit(2);
}, options.deadlineSeconds * 1000).unref();

main(options).then(
  (code) => process.exit(code),
  (error: Error) => {
    say(`bench failed: ${error.stack ?? error.message}`);
    killAll();
    process.exit(1);
  },
);
