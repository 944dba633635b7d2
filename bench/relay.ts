import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The yardstick: a bare `ws` relay with nothing of Lantern in it. A socket joins pair N on side
 * a or b (`/?pair=N&side=a`); each frame it sends goes, unread, to the other side of its pair.
 * Usage: tsx bench/relay.ts PORT
 */
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: tsx bench/relay.ts PORT');

// The same frame-size limit as the Lantern server.
const server = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024 });
const pairs = new Map<string, { a?: WebSocket; b?: WebSocket }>();

server.on('connection', (socket, request) => {
  const query = new URL(request.url ?? '/', 'http://relay').searchParams;
  const id = query.get('pair');
  const side = query.get('side');
  if (!id || (side !== 'a' && side !== 'b')) return socket.close(1008, 'pair and side a|b');
  const pair = pairs.get(id) ?? {};
  pairs.set(id, pair);
  pair[side] = socket;
  const other = side === 'a' ? 'b' : 'a';
  if (pair[other]) for (const s of [pair.a!, pair.b!]) s.send('{"type":"paired"}');
  socket.on('message', (data, isBinary) => pair[other]?.send(data, { binary: isBinary }));
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    if (pair[side] === socket) delete pair[side];
    if (!pair.a && !pair.b) pairs.delete(id);
  });
});

server.on('listening', () => process.stdout.write(`relay listening on ${port}\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
