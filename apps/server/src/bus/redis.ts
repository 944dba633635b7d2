import { Redis } from 'ioredis';
import { redisPublishSeconds, secondsSince } from '../metrics/instruments';
import type { Bus, BusEvent } from './bus';

/**
 * Fan-out between nodes over Redis pub/sub. Every node, the publisher included, hears every
 * event through Redis, so one path delivers to local and remote sockets alike. Pub/sub keeps
 * nothing: a node that misses an event while disconnected is covered by clients' resends and
 * `sync`, since PostgreSQL, not the bus, holds what was committed.
 */
export async function redisBus(url: string, channel = 'lantern:bus'): Promise<Bus> {
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const handlers = new Set<(event: BusEvent) => void>();
  subscriber.on('message', (_channel: string, message: string) => {
    const event = JSON.parse(message) as BusEvent;
    for (const handler of handlers) handler(event);
  });
  await subscriber.subscribe(channel);
  return {
    async publish(event) {
      const started = performance.now();
      await publisher.publish(channel, JSON.stringify(event));
      redisPublishSeconds.observe(secondsSince(started));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
