import { createHash } from 'node:crypto';

/**
 * Quick exit's last step, as a page rather than a redirect: WebKit ignores Clear-Site-Data on a
 * 303 but honours it on a 200. The page replaces itself with the neutral site (location.replace,
 * so Back skips it as it skips the chat); without JavaScript a refresh does the same.
 */
export interface ByePage {
  html: string;
  /** For the page's Content-Security-Policy: its one inline script and nothing else. */
  scriptHash: string;
}

const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function byePage(exitUrl: string): ByePage {
  const script = `location.replace(${JSON.stringify(exitUrl).replace(/</g, '\\u003c')})`;
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title></title>' +
    `<noscript><meta http-equiv="refresh" content="0;url=${escapeAttribute(exitUrl)}"></noscript>` +
    `<script>${script}</script></head><body></body></html>`;
  return { html, scriptHash: `'sha256-${createHash('sha256').update(script).digest('base64')}'` };
}
