/**
 * A hostile host for browser tests: a reverse proxy between the browsers and a real Lantern server
 * that sees everything the server sees, records every JSON body and WebSocket frame, and rewrites,
 * drops, holds, reorders, duplicates or injects what the test tells it to. The pages talk only to
 * the proxy, so each one is exactly as exposed as it would be to a server run by an attacker.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';

/** Bodies and frames of every shape pass through, and rules reach into them freely. */
export type Json = any;

/** One HTTP exchange with a JSON request or response body, as the proxy saw it (response after rewriting). */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  request: Json;
  /** What the server answered. */
  response: Json;
  /** What the browser was given (the same unless a rule rewrote it). */
  delivered: Json;
}

export type Direction = 'toServer' | 'toClient';

/** Who a socket belongs to, told from the token it authenticates with (the proxy saw every token handed out). */
export type SocketRole = 'participant' | 'staff' | 'unknown';

export interface FrameRecord {
  socket: number;
  role: SocketRole;
  direction: Direction;
  frame: Json;
  /** What the proxy did with it. */
  outcome: 'passed' | 'rewritten' | 'dropped' | 'held' | 'duplicated' | 'injected';
}

export interface ProxySocket {
  readonly id: number;
  readonly role: SocketRole;
  /** Sends a frame of the proxy's own making, as if the other side had sent it. */
  inject(direction: Direction, frame: Json): void;
}

export interface FrameContext {
  direction: Direction;
  socket: ProxySocket;
  /** Takes the frames held so far on this socket in this direction (oldest first), to send after this one. */
  release(): Json[];
}

/**
 * What a frame rule decides: undefined lets the next rule (or nobody) decide; `drop`, `hold` (kept
 * on the socket until a later rule releases it), or `send`: the frames that go instead (rewritten,
 * twice for a duplicate, or this one followed by released ones for a reorder).
 */
export type FrameOutcome = { drop: true } | { hold: true } | { send: Json[] };
export type FrameRule = (frame: Json, context: FrameContext) => FrameOutcome | undefined;

/** Rewrites a JSON response body; `request` is the parsed request body (null when none). Return the new body, or undefined to leave it. */
export type JsonRule = (body: Json, exchange: { method: string; path: string; status: number; request: Json }) => Json;

export interface HostileProxy {
  url: string;
  /** The server behind the proxy; set once it has started (it must know the proxy's origin first). */
  target: string;
  readonly exchanges: Exchange[];
  readonly frames: FrameRecord[];
  readonly sockets: ProxySocket[];
  /** Rewrites JSON responses to `method path` (path without query). Returns a remover. */
  rewriteJson(method: string, path: string, rule: JsonRule): () => void;
  /** Adds a frame rule; rules are asked in the order added. Returns a remover. */
  onFrame(rule: FrameRule): () => void;
  /** Resolves with the first frame record (already seen or to come) that matches. */
  waitForFrame(match: (record: FrameRecord) => boolean, timeoutMs?: number): Promise<FrameRecord>;
  close(): Promise<void>;
}

const isJson = (headers: IncomingHttpHeaders) => String(headers['content-type'] ?? '').includes('application/json');

function parse(bytes: Buffer): Json {
  if (bytes.length === 0) return null;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts listening at once; set `target` before the first request. */
export async function startHostileProxy(): Promise<HostileProxy> {
  const exchanges: Exchange[] = [];
  const frames: FrameRecord[] = [];
  const sockets: ProxySocket[] = [];
  const jsonRules: Array<{ method: string; path: string; rule: JsonRule }> = [];
  let frameRules: FrameRule[] = [];
  let waiters: Array<{ match: (r: FrameRecord) => boolean; resolve: (r: FrameRecord) => void }> = [];
  const participantTokens = new Set<string>();
  const staffTokens = new Set<string>();

  const record = (entry: FrameRecord) => {
    frames.push(entry);
    waiters = waiters.filter((w) => (w.match(entry) ? (w.resolve(entry), false) : true));
  };

  const proxy: HostileProxy = {
    url: '',
    target: '',
    exchanges,
    frames,
    sockets,
    rewriteJson(method, path, rule) {
      const entry = { method, path, rule };
      jsonRules.push(entry);
      return () => void jsonRules.splice(jsonRules.indexOf(entry), 1);
    },
    onFrame(rule) {
      frameRules.push(rule);
      return () => void (frameRules = frameRules.filter((r) => r !== rule));
    },
    waitForFrame(match, timeoutMs = 15_000) {
      const seen = frames.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the proxy saw no matching frame in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    close: async () => {
      wss.close();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function forwardHttp(browserRequest: IncomingMessage, browserResponse: ServerResponse) {
    const requestBytes = await readAll(browserRequest);
    const target = new URL(proxy.target);
    const headers: IncomingHttpHeaders = { ...browserRequest.headers, host: target.host, 'accept-encoding': 'identity' };
    const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest({ host: target.hostname, port: target.port, method: browserRequest.method, path: browserRequest.url, headers }, resolve);
      outgoing.on('error', reject);
      outgoing.end(requestBytes);
    });
    const method = browserRequest.method ?? 'GET';
    const path = new URL(browserRequest.url ?? '/', 'http://proxy').pathname;
    const status = upstream.statusCode ?? 502;
    const responseBytes = await readAll(upstream);
    // The whole body is read and sent in one piece (perhaps rewritten): its length is known.
    const { 'transfer-encoding': _chunked, ...responseHeaders } = upstream.headers;
    let delivered = responseBytes;
    if (isJson(upstream.headers) || isJson(browserRequest.headers)) {
      const request = isJson(browserRequest.headers) ? parse(requestBytes) : null;
      const response = isJson(upstream.headers) ? parse(responseBytes) : null;
      let body = response;
      for (const rule of jsonRules) {
        if (rule.method !== method || rule.path !== path || body === null) continue;
        const next = rule.rule(structuredClone(body), { method, path, status, request });
        if (next !== undefined) body = next;
      }
      if (body !== response) delivered = Buffer.from(JSON.stringify(body));
      // A started conversation's token is a participant's; a session (token and `me`) is a member's.
      if (method === 'POST' && path === '/api/conversations' && typeof body?.token === 'string') participantTokens.add(body.token);
      else if (typeof body?.token === 'string' && body.me) staffTokens.add(body.token);
      exchanges.push({ method, path, status, request, response, delivered: body });
    }
    browserResponse.writeHead(status, { ...responseHeaders, 'content-length': String(delivered.length) });
    browserResponse.end(delivered);
  }

  let nextSocketId = 1;
  function bridge(browser: WebSocket, upgrade: IncomingMessage) {
    const target = new URL(proxy.target);
    const upstream = new WebSocket(`ws://${target.host}${upgrade.url ?? '/'}`, {
      ...(upgrade.headers.origin ? { origin: upgrade.headers.origin } : {}),
    });
    /** Frames from the page before the server side of the socket is open. */
    const pendingToServer: string[] = [];
    const held: Record<Direction, Json[]> = { toServer: [], toClient: [] };
    let role: SocketRole = 'unknown';
    const socket: ProxySocket = {
      id: nextSocketId++,
      get role() {
        return role;
      },
      inject(direction, frame) {
        record({ socket: socket.id, role, direction, frame, outcome: 'injected' });
        deliver(direction, JSON.stringify(frame));
      },
    };
    sockets.push(socket);

    function deliver(direction: Direction, data: string) {
      if (direction === 'toClient') {
        if (browser.readyState === WebSocket.OPEN) browser.send(data);
      } else if (upstream.readyState === WebSocket.OPEN) upstream.send(data);
      else pendingToServer.push(data);
    }

    function pass(direction: Direction, raw: RawData) {
      const bytes = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      const frame = parse(bytes);
      if (frame === null) return deliver(direction, bytes.toString('utf8'));
      if (direction === 'toServer' && frame.type === 'auth' && typeof frame.token === 'string') {
        role = participantTokens.has(frame.token) ? 'participant' : staffTokens.has(frame.token) ? 'staff' : 'unknown';
      }
      const context: FrameContext = { direction, socket, release: () => held[direction].splice(0) };
      let outcome: FrameOutcome | undefined;
      for (const rule of frameRules) {
        outcome = rule(frame, context);
        if (outcome) break;
      }
      if (!outcome) {
        record({ socket: socket.id, role, direction, frame, outcome: 'passed' });
        return deliver(direction, JSON.stringify(frame));
      }
      if ('drop' in outcome) return record({ socket: socket.id, role, direction, frame, outcome: 'dropped' });
      if ('hold' in outcome) {
        held[direction].push(frame);
        return record({ socket: socket.id, role, direction, frame, outcome: 'held' });
      }
      const copies = outcome.send.filter((f) => JSON.stringify(f) === JSON.stringify(frame)).length;
      record({ socket: socket.id, role, direction, frame, outcome: copies === 0 ? 'rewritten' : copies > 1 ? 'duplicated' : 'passed' });
      for (const next of outcome.send) deliver(direction, JSON.stringify(next));
    }

    upstream.on('open', () => {
      for (const data of pendingToServer.splice(0)) upstream.send(data);
    });
    browser.on('message', (raw) => pass('toServer', raw));
    upstream.on('message', (raw) => pass('toClient', raw));
    const closeBoth = () => {
      if (browser.readyState === WebSocket.OPEN) browser.close();
      if (upstream.readyState === WebSocket.OPEN) upstream.close();
      if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    };
    browser.on('close', closeBoth);
    upstream.on('close', closeBoth);
    browser.on('error', closeBoth);
    upstream.on('error', closeBoth);
  }

  const wss = new WebSocketServer({ noServer: true });
  const server: Server = createServer((request, response) => {
    forwardHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
  });
  server.on('upgrade', (request: IncomingMessage, stream: Duplex, head: Buffer) => {
    wss.handleUpgrade(request, stream, head, (browser) => bridge(browser, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
