import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, SmsSetupReply } from '@lantern/protocol';
import { smsConfigFromEnv } from '../sms/config';
import { loadNoticeOverrides, Notices } from '../sms/notices';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface SmsSetupRoutesOptions {
  accounts: Accounts;
  /** The address providers call. */
  publicUrl: string;
  programName: string;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/**
 * What the Program screen shows of the text line: which providers are on, the webhook address to
 * paste into each provider's console, and the after-hours reply. Credentials stay in the server's
 * environment (docs/sms.md) and are never part of the answer.
 */
export const smsSetupRoutes: FastifyPluginAsyncTypebox<SmsSetupRoutesOptions> = async (app, { accounts, publicUrl, programName }) => {
  // Read once, as the SMS module reads it when the server starts: what runs is what is shown.
  const config = smsConfigFromEnv();
  const setup: SmsSetupReply = {
    providers: (['twilio', 'telnyx', 'vonage'] as const).flatMap((name) => {
      const provider = config[name];
      if (!provider) return [];
      return [{ name, number: provider.from, webhookUrl: `${publicUrl}/webhooks/sms/${name}`, outbound: config.outboundProvider === name }];
    }),
    afterHours: { on: false, notice: null },
    serverKey: null,
  };
  if (setup.providers.length > 0) {
    const notices = new Notices(programName, config.languages, loadNoticeOverrides(config.noticesJson, config.noticesFile));
    setup.afterHours = { on: true, notice: notices.text('afterHours', notices.defaultLanguage) };
    setup.serverKey = config.serverKey ? 'setting' : 'database';
  }

  app.get('/api/admin/sms-setup', { onRequest: requireStaff(accounts, 'admin'), schema: { response: { 200: SmsSetupReply, ...errors } } }, async () => setup);
};
