import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scrapeRegistry, type ScrapeSources } from './scrape';

export interface MetricsServerOptions extends ScrapeSources {
  port: number;
  host: string;
  /** When set, a scrape must carry `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/**
 * The Prometheus endpoint, `GET /metrics`, on its own port (METRICS_PORT, off by default), so the
 * public port never answers it and a firewall can keep it inside. Requests are not logged.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<{ port: number; close(): Promise<void> }> {
  const registry = scrapeRegistry(options);
  const expected = options.token ? digest(`Bearer ${options.token}`) : null;
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') return void response.writeHead(404).end();
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return void response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      () => response.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
