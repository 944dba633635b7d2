import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AboutQuery, AcknowledgeRights, ErrorReply, NoticesLanguageParams, NoticesSettings, ParticipantNotices, SaveNotices } from '@lantern/protocol';
import { ConversationError } from '../conversations/conversation-error';
import type { ConversationService } from '../conversations/service';
import { aboutPage } from '../notices/about-page';
import { smsConfigFromEnv } from '../sms/config';
import type { ProgramNotices } from '../notices/program-notices';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface NoticesRoutesOptions {
  notices: ProgramNotices;
  conversations: ConversationService;
  accounts: Accounts;
  /** The retention in force now (an admin may change it). */
  retentionDays: () => Promise<number>;
  chatTitle: string;
  chatPath: string;
}

export const ABOUT_PATH = '/about-this-chat';
const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/**
 * Notices: what the participant page shows (public), the rights acknowledgement (the
 * participant's token), the admins' Notices tab, and the public "what we keep" page.
 */
export const noticesRoutes: FastifyPluginAsyncTypebox<NoticesRoutesOptions> = async (app, options) => {
  const { notices } = options;
  const smsProviders = textLineProviders();

  app.get(
    '/api/notices/:language',
    { schema: { params: NoticesLanguageParams, response: { 200: ParticipantNotices, ...errors } } },
    async (request) => notices.forParticipant(request.params.language.toLowerCase()),
  );

  // Until this, a participant's web message is refused (conversations/service.ts): the notice cannot be skipped by a modified page.
  app.post(
    '/api/conversations/acknowledge',
    { schema: { body: AcknowledgeRights, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const conversation = await options.conversations.participantForToken(request.body.token);
      if (!conversation) throw new ConversationError('closed', 'This conversation has ended.');
      await notices.acknowledge(conversation.id);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/admin/notices', { onRequest: requireStaff(options.accounts, 'admin'), schema: { response: { 200: NoticesSettings, ...errors } } }, async () =>
    notices.settings(),
  );

  app.put(
    '/api/admin/notices',
    { onRequest: requireStaff(options.accounts, 'admin'), schema: { body: SaveNotices, response: { 200: NoticesSettings, ...errors } } },
    async (request) => notices.save(request.body, request.staff!.id),
  );

  app.get(ABOUT_PATH, { schema: { querystring: AboutQuery } }, async (request, reply) => {
    const asked = request.query.lang?.toLowerCase();
    const language = asked && notices.languages.includes(asked) ? asked : notices.defaultLanguage;
    const html = aboutPage({
      language,
      title: options.chatTitle,
      retentionDays: await options.retentionDays(),
      smsProviders,
      rights: (await notices.forParticipant(language)).rights,
      chatPath: options.chatPath,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });
};

const PROVIDER_NAMES = { twilio: 'Twilio', telnyx: 'Telnyx', vonage: 'Vonage' } as const;

/** The SMS providers set up (the same settings the SMS module reads), by their own names. */
function textLineProviders(): string[] {
  const config = smsConfigFromEnv();
  return (['twilio', 'telnyx', 'vonage'] as const).filter((name) => config[name] !== null).map((name) => PROVIDER_NAMES[name]);
}
