import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConversationStarted, EndConversation, ErrorReply, ProgramInfo, StartConversation } from '@lantern/protocol';
import type { Accounts } from '../staff/accounts';
import type { ConversationService } from '../conversations/service';

export interface ParticipantRoutesOptions {
  conversations: ConversationService;
  accounts: Accounts;
  programName: string;
}

/**
 * The participant's HTTP calls: start a conversation, and end it when the socket cannot be
 * trusted to carry the close (quick exit leaves at once). No account, no cookie, nothing about the device.
 */
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

  // Sent as a beacon from a page that is leaving: nobody reads the answer, so it is the same 204
  // whether this closed the conversation or it was already gone (the close frame may have won).
  app.post(
    '/api/conversations/end',
    { schema: { body: EndConversation, response: { 204: Type.Null(), '4xx': ErrorReply, '5xx': ErrorReply } } },
    async (request, reply) => {
      const conversation = await options.conversations.participantForToken(request.body.token);
      if (conversation) {
        await options.conversations.close({ role: 'participant', conversationId: conversation.id }, conversation.id).catch((error: unknown) => {
          // Closed by the other side in between: the end is reached all the same.
          if ((error as { code?: string }).code !== 'closed') throw error;
        });
      }
      return reply.code(204).send(null);
    },
  );
};
