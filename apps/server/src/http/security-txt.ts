import type { FastifyInstance } from 'fastify';

export interface SecurityTxtOptions {
  /** Where to report a vulnerability in this deployment (SECURITY_CONTACT); none: no file. */
  contacts: string[];
  policy: string | undefined;
  publicUrl: string;
  languages: string[];
}

export const SECURITY_TXT_PATH = '/.well-known/security.txt';
/** RFC 9116 asks for an expiry under a year away; written at each request, so it never lapses while the server runs. */
const EXPIRES_AFTER_DAYS = 180;

/** RFC 9116 security.txt: how to reach whoever runs this server about a vulnerability. */
export function registerSecurityTxt(app: FastifyInstance, options: SecurityTxtOptions): void {
  app.get(SECURITY_TXT_PATH, (_request, reply) => {
    if (options.contacts.length === 0) {
      return reply.code(404).type('text/plain; charset=utf-8').send('No security contact is set for this server (SECURITY_CONTACT).\n');
    }
    const expires = new Date(Date.now() + EXPIRES_AFTER_DAYS * 86_400_000);
    expires.setUTCHours(0, 0, 0, 0);
    const lines = [
      ...options.contacts.map((contact) => `Contact: ${contact}`),
      `Expires: ${expires.toISOString()}`,
      `Preferred-Languages: ${options.languages.join(', ')}`,
      `Canonical: ${options.publicUrl}${SECURITY_TXT_PATH}`,
      ...(options.policy ? [`Policy: ${options.policy}`] : []),
    ];
    return reply.type('text/plain; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}

/** SECURITY_CONTACT="mailto:security@example.org,https://example.org/report": mailto, https or tel URIs. */
export function parseSecurityContacts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((contact) => contact.trim())
    .filter(Boolean)
    .map((contact) => {
      const url = new URL(contact);
      if (!['mailto:', 'https:', 'tel:'].includes(url.protocol)) throw new Error(`SECURITY_CONTACT: ${contact} is not a mailto:, https: or tel: URI`);
      return url.href;
    });
}
