import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLIENT_FRAME_TYPES, StartConversation } from '@lantern/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../src/http/openapi';
import { openTestStore, type TestStore } from './support/backends';
import { startServer, type TestServer } from './support/server';

const DOCS_COPY = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
  components: { schemas: Record<string, { anyOf: Array<{ properties: { type: { enum: string[] } } }> }> };
  'x-websocket-frames': { client: { $ref: string }; server: { $ref: string } };
}

describe('the OpenAPI document', () => {
  let testStore: TestStore;
  let server: TestServer;
  let document: Document;

  beforeAll(async () => {
    testStore = await openTestStore('pglite');
    server = await startServer(testStore.store);
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
  });

  afterAll(async () => {
    await server?.close();
    await testStore?.dispose();
  });

  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  // Enumerates the app's own route table, so a route added later (or hidden by a plugin) fails here.
  it('lists every route the server registered', () => {
    expect(server.routes.length).toBeGreaterThan(40);
    const missing = server.routes
      .filter(({ method, url }) => !document.paths[openApiPath(url)]?.[method.toLowerCase()])
      .map(({ method, url }) => `${method} ${url}`);
    expect(missing).toEqual([]);
  });

  it('carries the schema the route validates with', () => {
    const body = document.paths['/api/conversations']!.post!.requestBody!.content['application/json']!.schema;
    expect(body).toEqual(JSON.parse(JSON.stringify(StartConversation)));
  });

  it('documents every WebSocket frame a client may send, and the server frames', () => {
    expect(document['x-websocket-frames'].client.$ref).toBe('#/components/schemas/ClientFrame');
    const clientTypes = document.components.schemas.ClientFrame!.anyOf.flatMap((frame) => frame.properties.type.enum);
    expect(clientTypes.sort()).toEqual([...CLIENT_FRAME_TYPES].sort());
    expect(document.components.schemas.ServerFrame!.anyOf.length).toBeGreaterThan(5);
  });

  it('is the copy in docs/openapi.json (npm run openapi writes it)', async () => {
    expect(JSON.parse(await readFile(DOCS_COPY, 'utf8'))).toEqual(document);
  });
});
