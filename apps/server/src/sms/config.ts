import { resolve } from 'node:path';
/**
 * SMS settings, read from the environment here rather than in the server's config: credentials
 * move to an admin screen in a later issue. A provider is on when all of its variables are set.
 * `*_API_BASE` points a provider at a stand-in (the simulator, or a test's fake API).
 */
export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string;
  apiBase: string;
}

export interface TelnyxConfig {
  apiKey: string;
  /** The account's Ed25519 public key, base64 (as the portal shows it). */
  publicKey: string;
  from: string;
  apiBase: string;
}

export interface VonageConfig {
  apiKey: string;
  apiSecret: string;
  signatureSecret: string;
  from: string;
  apiBase: string;
}

export interface SmsConfig {
  twilio: TwilioConfig | null;
  telnyx: TelnyxConfig | null;
  vonage: VonageConfig | null;
  /** Which provider a new outbound conversation uses when several are on. */
  outboundProvider: 'twilio' | 'telnyx' | 'vonage' | null;
  /** SERVER_KEY, 32 bytes base64url; unset: one is made and kept in the program row. */
  serverKey: Buffer | null;
  /** Where the STOP list's key is kept when SERVER_KEY is unset (STOP_LIST_KEY_FILE, default ./stop-list.key): never in the database. */
  stopListKeyFile: string;
  /** Languages the program serves, first is the default for notices; keywords are matched in all of them. */
  languages: string[];
  /** Added to numbers typed without a +country code (say "1" for the US and Canada). */
  defaultCountryCode: string | null;
  /** Notice texts per language, as JSON, inline or in a file. */
  noticesJson: string | null;
  noticesFile: string | null;
}

export function smsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmsConfig {
  const twilio = all(env, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'], (get) => ({
    accountSid: get('TWILIO_ACCOUNT_SID'),
    authToken: get('TWILIO_AUTH_TOKEN'),
    from: get('TWILIO_FROM'),
    apiBase: base(env.TWILIO_API_BASE, 'https://api.twilio.com'),
  }));
  const telnyx = all(env, ['TELNYX_API_KEY', 'TELNYX_PUBLIC_KEY', 'TELNYX_FROM'], (get) => ({
    apiKey: get('TELNYX_API_KEY'),
    publicKey: get('TELNYX_PUBLIC_KEY'),
    from: get('TELNYX_FROM'),
    apiBase: base(env.TELNYX_API_BASE, 'https://api.telnyx.com'),
  }));
  const vonage = all(env, ['VONAGE_API_KEY', 'VONAGE_API_SECRET', 'VONAGE_SIGNATURE_SECRET', 'VONAGE_FROM'], (get) => ({
    apiKey: get('VONAGE_API_KEY'),
    apiSecret: get('VONAGE_API_SECRET'),
    signatureSecret: get('VONAGE_SIGNATURE_SECRET'),
    from: get('VONAGE_FROM'),
    apiBase: base(env.VONAGE_API_BASE, 'https://api.nexmo.com'),
  }));
  const configured = (['twilio', 'telnyx', 'vonage'] as const).filter((name) => ({ twilio, telnyx, vonage })[name] !== null);
  const wanted = env.SMS_PROVIDER?.trim().toLowerCase();
  if (wanted && !configured.includes(wanted as (typeof configured)[number])) {
    throw new Error(`SMS_PROVIDER is ${wanted}, but that provider's variables are not all set`);
  }
  return {
    twilio,
    telnyx,
    vonage,
    outboundProvider: (wanted as (typeof configured)[number] | undefined) ?? configured[0] ?? null,
    serverKey: serverKey(env.SERVER_KEY),
    // Relative to where `npm start` was typed, like DATA_DIR: beside the data directory, not in it.
    stopListKeyFile: resolve(env.INIT_CWD ?? process.cwd(), env.STOP_LIST_KEY_FILE || './stop-list.key'),
    languages: languages(env.SMS_LANGUAGES),
    defaultCountryCode: countryCode(env.SMS_DEFAULT_COUNTRY_CODE),
    noticesJson: env.SMS_NOTICES || null,
    noticesFile: env.SMS_NOTICES_FILE || null,
  };
}

/** A provider's settings when all of its variables are set, null when none is; half set up is a mistake to stop on. */
function all<T>(env: NodeJS.ProcessEnv, names: string[], build: (get: (name: string) => string) => T): T | null {
  const value = (name: string) => env[name]?.trim() ?? '';
  const missing = names.filter((name) => value(name) === '');
  if (missing.length === names.length) return null;
  if (missing.length > 0) throw new Error(`SMS is half set up: ${missing.join(', ')} missing`);
  return build(value);
}

const base = (value: string | undefined, fallback: string) => new URL(value?.trim() || fallback).href.replace(/\/+$/, '');

function serverKey(value: string | undefined): Buffer | null {
  if (!value) return null;
  const key = Buffer.from(value.trim(), 'base64url');
  if (key.length !== 32) throw new Error('SERVER_KEY must be 32 bytes in base64url (openssl rand -base64 32 | tr "+/" "-_" | tr -d "=")');
  return key;
}

function languages(value: string | undefined): string[] {
  const list = (value ?? 'en').split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  return list.length > 0 ? [...new Set(list)] : ['en'];
}

function countryCode(value: string | undefined): string | null {
  const digits = value?.trim().replace(/^\+/, '');
  if (!digits) return null;
  if (!/^[1-9]\d{0,2}$/.test(digits)) throw new Error('SMS_DEFAULT_COUNTRY_CODE must be 1 to 3 digits, such as 1 or 44');
  return digits;
}
