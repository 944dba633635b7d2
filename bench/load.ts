import { serveRequests, type LoadRequest, type SetupReport } from './ipc';
import { closeConversations } from './lantern-close';
import { createAccounts, type Advocate, type RunSecrets } from './lantern-accounts';
import { openConversations, openIdleSockets } from './lantern-conversations';
import { lanternMessages, relayMessages } from './messages';
import type { Pair } from './pairs';
import { runPhase } from './phase';
import { openRelayPairs } from './relay-fixture';
import type { BenchSocket } from './socket';

/**
 * The load generator, a process of its own (started by run.ts): it holds every client socket,
 * prepares each phase's frames ahead of time, and sends and times them on request.
 */
const log = (line: string) => process.stderr.write(`${line}\n`);
let advocates: Advocate[] = [];
let secrets: RunSecrets | null = null;
const pairs: Record<'lantern' | 'relay', Pair[]> = { lantern: [], relay: [] };
let idleSockets: BenchSocket[] = [];

function setupReport(list: Pair[], started: number): SetupReport {
  const staff = list.map((p) => p.advocate.socket);
  return {
    sockets: list.length * 2,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    queueFrames: staff.reduce((n, s) => n + s.queueFrames, 0),
    queueBytes: staff.reduce((n, s) => n + s.queueBytes, 0),
  };
}

async function handle(request: LoadRequest): Promise<unknown> {
  const started = performance.now();
  switch (request.kind) {
    case 'lantern-accounts':
      ({ advocates, secrets } = await createAccounts(request.url, request.setupToken, request.advocates, log));
      return { sockets: 0, seconds: Math.round((performance.now() - started) / 100) / 10, queueFrames: 0, queueBytes: 0 };
    case 'lantern-conversations':
      pairs.lantern = await openConversations(
        request.url,
        request.wsUrl,
        advocates,
        { count: request.conversations, perAdvocate: request.perAdvocate, claimFromEachSocket: request.claimFromEachSocket },
        log,
      );
      return setupReport(pairs.lantern, started);
    case 'relay-pairs':
      pairs.relay = await openRelayPairs(request.url, request.conversations);
      return setupReport(pairs.relay, started);
    case 'phase': {
      const list = pairs[request.target];
      if (list.length === 0) throw new Error(`no ${request.target} pairs are open`);
      const total = Math.max(1, Math.round(request.rate * request.seconds));
      const plan = request.target === 'lantern' ? await lanternMessages(list, total) : relayMessages(list, total);
      globalThis.gc?.();
      return runPhase(request.target, list, plan, request);
    }
    case 'idle-sockets':
      idleSockets = await openIdleSockets(request.wsUrl, advocates, request.count);
      return { sockets: idleSockets.length, seconds: Math.round((performance.now() - started) / 100) / 10, queueFrames: 0, queueBytes: 0 };
    case 'close-idle-sockets':
      for (const socket of idleSockets) socket.terminate();
      idleSockets = [];
      return null;
    case 'close-conversations':
      return closeConversations(pairs.lantern);
    case 'secrets':
      if (!secrets) throw new Error('no accounts were made');
      return secrets;
    case 'close':
      for (const pair of pairs[request.target]) {
        pair.participant.socket.terminate();
        pair.advocate.socket.terminate();
      }
      pairs[request.target] = [];
      return null;
  }
}

serveRequests(handle);
