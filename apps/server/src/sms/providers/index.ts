import type { SmsConfig } from '../config';
import { TelnyxProvider } from './telnyx';
import { TwilioProvider } from './twilio';
import type { ProviderName, SmsProvider } from './types';
import { VonageProvider } from './vonage';

/** The providers whose credentials are set; each has its own webhook path. */
export function configuredProviders(config: SmsConfig): Map<ProviderName, SmsProvider> {
  const providers = new Map<ProviderName, SmsProvider>();
  if (config.twilio) providers.set('twilio', new TwilioProvider(config.twilio));
  if (config.telnyx) providers.set('telnyx', new TelnyxProvider(config.telnyx));
  if (config.vonage) providers.set('vonage', new VonageProvider(config.vonage));
  return providers;
}
