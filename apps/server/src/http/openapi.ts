import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { ClientFrame, ServerFrame, WS_PATH } from '@lantern/protocol';
import manifest from '../../package.json' with { type: 'json' };

export const OPENAPI_PATH = '/api/openapi.json';

/** The OpenAPI form of a Fastify route URL: `:id` → `{id}`, a trailing wildcard → `{file}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{file}');
}

/**
 * The OpenAPI 3.1 document of every route, made by @fastify/swagger from the TypeBox schemas the routes
 * validate with, so it cannot drift from them. WebSocket frames have no OpenAPI form: the upgrade route
 * is added by hand below and names them; their schemas (the ones `parseClientFrame` checks) sit under
 * components. Register before any route: the plugin collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lantern',
        version: manifest.version,
        description:
          'HTTP routes and WebSocket frames of a Lantern server. Bodies that carry conversation content are ciphertext ' +
          'made in the browsers (docs/protocol.md). Staff routes take the session token as `Authorization: Bearer`.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      components: { schemas: { ClientFrame, ServerFrame } },
    },
    // Static asset routes end in a wildcard: name it as a path parameter.
    transform: ({ schema, url }) => ({ schema, url: openApiPath(url) }),
  });
  app.get(OPENAPI_PATH, { schema: { summary: 'This document' } }, async () => withWebSocket(app.swagger()));
}

/** @fastify/websocket hides its routes from the generator; the socket is part of the API all the same. */
function withWebSocket(document: { paths?: object }) {
  const frames = {
    client: { $ref: '#/components/schemas/ClientFrame' },
    server: { $ref: '#/components/schemas/ServerFrame' },
  };
  return {
    ...document,
    paths: {
      ...document.paths,
      [WS_PATH]: {
        get: {
          summary: 'WebSocket: one JSON frame per text message; the first client frame is `auth`',
          description:
            'Client to server: components.schemas.ClientFrame. Server to client: components.schemas.ServerFrame. ' +
            'A frame that fails its schema is answered with an `error` frame, never acted on.',
          'x-websocket-frames': frames,
          responses: { 101: { description: 'Switching Protocols to WebSocket' } },
        },
      },
    },
    'x-websocket-frames': frames,
  };
}
