import type { NoticeOverrides } from '../sms/notices';
import { DEFAULT_NOTICES } from './defaults';

/**
 * The SMS module's notice table with the built-in start and end texts of every language we
 * translate beneath it: SMS_NOTICES, when set, still wins, and English keeps the SMS module's own.
 */
export function smsNoticeDefaults(overrides: NoticeOverrides): NoticeOverrides {
  const merged: NoticeOverrides = { ...overrides };
  for (const [language, notices] of Object.entries(DEFAULT_NOTICES)) {
    if (language === 'en') continue;
    merged[language] = { start: notices.smsStart, end: notices.smsEnd, ...overrides[language] };
  }
  return merged;
}
