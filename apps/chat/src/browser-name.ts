export type BrowserName = 'samsung' | 'edge' | 'firefox' | 'chrome' | 'safari' | 'other';

/**
 * Which browser's menus to describe on the closing screen. Read from the user agent in the page
 * only, never sent. Order matters: Samsung Internet and Edge also say "Chrome", Chrome says "Safari".
 */
export function browserName(userAgent: string = navigator.userAgent): BrowserName {
  if (/SamsungBrowser\//.test(userAgent)) return 'samsung';
  if (/\bEdg(e|A|iOS)?\//.test(userAgent)) return 'edge';
  if (/\bOPR\/|Opera|YaBrowser|UCBrowser/.test(userAgent)) return 'other';
  if (/Firefox\/|FxiOS\//.test(userAgent)) return 'firefox';
  if (/Chrome\/|CriOS\/|Chromium\//.test(userAgent)) return 'chrome';
  if (/Safari\//.test(userAgent)) return 'safari';
  return 'other';
}
