/** E.164: a plus, a country code and at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A number as a provider or an advocate gives it, in E.164, or null when it is not one.
 * Spaces, dashes, dots and brackets are dropped; a number without + takes the program's
 * country code when one is set. Providers' numbers are international already (Vonage's lack only
 * the +), so they are read without a default.
 */
export function toE164(raw: string, defaultCountryCode: string | null): string | null {
  const compact = raw.normalize('NFKC').replace(/[\s\-.()]/g, '');
  if (/^\+\d+$/.test(compact)) return E164.test(compact) ? compact : null;
  if (/^00\d+$/.test(compact)) return toE164(`+${compact.slice(2)}`, null);
  if (!/^\d+$/.test(compact)) return null;
  // With a country code set, a national number loses its trunk 0 (UK 07700… is +447700…).
  const candidate =
    defaultCountryCode && !compact.startsWith(defaultCountryCode) ? `+${defaultCountryCode}${compact.replace(/^0/, '')}` : `+${compact}`;
  return E164.test(candidate) ? candidate : null;
}

/** What the console shows until the advocate asks to see the number: the last two digits. */
export const maskNumber = (e164: string): string => `•••• ${e164.slice(-2)}`;
