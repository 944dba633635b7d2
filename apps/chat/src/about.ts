/*
 * /about-this-chat's script: the participant page's quick exit (the Exit button and Shift pressed
 * three times, with the countdown) and a way back to the chat that adds no history entry. The
 * server writes the page and its words (apps/server/src/notices/about-page.ts); without this
 * script its Exit is still a link through /bye.
 */
import { quickExit } from './exit';
import { exitBar } from './exit-bar';
import { replacingLink } from './replace-link';
import { webUrl } from './web-url';

interface AboutConfig {
  exitUrl: string;
  /** The countdown, in the page's language: [1 more press, 2 more presses]. */
  pressMore: [string, string];
  leaving: string;
}

function readConfig(): AboutConfig | null {
  try {
    const raw = JSON.parse(document.getElementById('about-config')?.textContent ?? '') as Record<string, unknown>;
    const exitUrl = webUrl(raw.exitUrl);
    const { pressMore, leaving } = raw;
    const words = Array.isArray(pressMore) && pressMore.length === 2 && pressMore.every((w) => typeof w === 'string') && typeof leaving === 'string';
    return exitUrl && words ? { exitUrl, pressMore: pressMore as [string, string], leaving: leaving as string } : null;
  } catch {
    return null;
  }
}

const config = readConfig();
const top = document.getElementById('top');
const announcer = document.getElementById('announce');
const staticExit = top?.querySelector('a.exit');
// Anything missing: the served Exit link stays, and still leaves through /bye.
if (config && top && announcer && staticExit) {
  const label = staticExit.textContent ?? '';
  const bar = exitBar(
    top,
    announcer,
    { exit: () => label, pressMore: (remaining) => config.pressMore[remaining - 1] ?? config.pressMore[1], leaving: () => config.leaving },
    () => quickExit(config.exitUrl, announcer),
  );
  bar.render();
}
const back = document.getElementById('back-to-chat');
if (back instanceof HTMLAnchorElement) replacingLink(back);
