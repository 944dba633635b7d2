import type { SmsSetupReply } from '@lantern/protocol';
import { api } from '../../shared/api';

export type { SmsSetupReply } from '@lantern/protocol';

/** Admins: which SMS providers are on, their webhook addresses and the after-hours reply; never a credential. */
export const loadSmsSetup = () => api<SmsSetupReply>('GET', '/api/admin/sms-setup');

export const PROVIDER_NAMES: Record<SmsSetupReply['providers'][number]['name'], string> = { twilio: 'Twilio', telnyx: 'Telnyx', vonage: 'Vonage' };
