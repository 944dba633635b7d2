import type { Bus, BusEvent } from './bus';

/** The single-process bus of the embedded mode. Delivery is asynchronous, as it is across nodes. */
export function localBus(): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  return {
    async publish(event) {
      queueMicrotask(() => {
        for (const handler of handlers) handler(event);
      });
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
