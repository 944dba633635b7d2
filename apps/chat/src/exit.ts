/*
 * Quick exit: hide everything at once, end the chat, then leave through the server's /bye (which
 * answers Clear-Site-Data and a redirect to the program's neutral site). location.replace takes
 * this page's place in the history, so Back does not return to the chat.
 */
import { h } from './dom';

/** Same-origin step on the way out; see apps/server/src/http/pages.ts. */
export const BYE_PATH = '/bye';
/** What the page, when framed by the launcher, asks its host page to do. */
export const EXIT_MESSAGE = 'lantern:exit';

let beforeExit: (() => void) | null = null;

/** Lets the running chat end itself (tell the server, drop keys, forget a saved resume) on the way out. */
export function onExit(hook: (() => void) | null): void {
  beforeExit = hook;
}

/** Removes everything from the page but `keep` (the live region that says we are leaving). */
function hide(keep: Element | null): void {
  for (const child of Array.from(document.body.children)) if (child !== keep) child.remove();
}

export function quickExit(exitUrl: string, keep: Element | null = null): void {
  // Hidden first: the page must vanish even if anything after this is slow or fails.
  hide(keep);
  try {
    beforeExit?.();
  } catch {
    // Leaving matters more than a clean goodbye.
  }
  beforeExit = null;
  // Offline, /bye cannot load: better the neutral site's address than an error page at ours.
  const target = navigator.onLine === false ? exitUrl : new URL(BYE_PATH, location.href).href;
  if (window.top !== window.self) {
    // In the launcher's panel: the host page leaves too (it listens for this), or we take the whole tab.
    parent.postMessage(EXIT_MESSAGE, '*');
    try {
      window.top!.location.replace(target);
      return;
    } catch {
      // Not allowed to navigate the top window: the launcher's listener does it.
    }
  }
  location.replace(target);
}

export function exitButton(label: string, onExit: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'exit' }, label);
  button.addEventListener('click', onExit);
  return button;
}
