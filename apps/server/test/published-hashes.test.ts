import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedFiles } from '../../../tools/page-hashes';
import { openTestStore, type TestStore } from './support/backends';
import { startServer, type TestServer } from './support/server';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// `npm run hashes` prints these values for release notes; a program checks its server against them
// with curl and sha256sum (docs/security.md). They are only worth publishing if the server serves them.
describe('published page hashes (npm run hashes)', () => {
  let ts: TestStore;
  let server: TestServer;
  const files = publishedFiles(ROOT);

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('covers the launcher, the interpreter page, the console and every asset', () => {
    const urls = files.map((f) => f.url);
    expect(urls).toEqual(expect.arrayContaining(['/launcher.js', '/interpret', '/staff/']));
    expect(urls.filter((u) => u.startsWith('/assets/')).length).toBeGreaterThan(0);
  });

  it('match the bytes the server serves', async () => {
    for (const { url, sha256 } of files) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await response.arrayBuffer())).digest('hex'), url).toBe(sha256);
    }
  });

  it('are the integrity values the served participant page loads its script and style with', async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    const tags = [...page.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)="(\/assets\/[^"]+)"[^>]*>/g)];
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const [tag, url] of tags) {
      const published = files.find((f) => f.url === url);
      expect(published, url).toBeDefined();
      expect(tag).toContain(`integrity="${published!.sri}"`);
    }
  });
});
