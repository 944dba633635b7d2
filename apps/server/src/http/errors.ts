import type { FastifyInstance, FastifyError } from 'fastify';
import { AccountError } from '../staff/accounts';
import { ConversationError } from '../conversations/conversation-error';

const CONVERSATION_STATUS = { not_found: 404, forbidden: 403, conflict: 409, closed: 410, unavailable: 503, rate_limited: 429 } as const;

/** Every failure answers `{error, message}`: a 4xx says what was wrong; a 5xx says nothing about internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof AccountError) return reply.code(error.status).send({ error: error.code, message: error.message });
    if (error instanceof ConversationError) {
      return reply.code(CONVERSATION_STATUS[error.code]).send({ error: error.code, message: error.message });
    }
    if (error.validation) {
      return reply.code(400).send({ error: 'bad_request', message: `${error.validationContext ?? 'request'} ${error.validation[0]?.instancePath ?? ''} ${error.validation[0]?.message ?? 'is invalid'}`.replace(/\s+/g, ' ').trim() });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: errorName(status), message: error.message });
    }
    app.log.error({ err: { message: error.message, stack: error.stack, code: error.code } }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side. Please try again.' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'Nothing here.' }));
}

function errorName(status: number): string {
  return ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 413: 'too_large', 415: 'unsupported_media_type', 429: 'rate_limited' } as Record<number, string>)[status] ?? 'bad_request';
}
