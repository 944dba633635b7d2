import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConversationStarted, ErrorReply, ProgramInfo, StartConversation } from '@lantern/protocol';
import type { Accounts } from '../staff/accounts';
import type { ConversationService } from '../conversations/service';

export interface ParticipantRoutesOptions {
  conversations: ConversationService;
  accounts: Accounts;
  programName: string;
}

/** The participant's only HTTP call is starting a conversation; no account, no cookie, nothing about the device. */
export const participantRoutes: FastifyPluginAsyncTypebox<ParticipantRoutesOptions> = async (app, options) => {
  app.get('/api/program', { schema: { response: { 200: ProgramInfo } } }, async () => ({
    name: options.programName,
    setupComplete: await options.accounts.setupComplete(),
  }));

  app.post(
    '/api/conversations',
    { schema: { body: StartConversation, response: { 201: ConversationStarted, '4xx': ErrorReply, '5xx': ErrorReply } } },
    async (request, reply) => {
      const started = await options.conversations.start({
        participantKey: request.body.participantKey,
        language: request.body.language ?? null,
        channel: 'web',
      });
      return reply.code(201).send(started);
    },
  );
};
