/*
 * Quick exit: hide everything at once, end the chat, then leave through the server's /bye (which
 * answers Clear-Site-Data and a redirect to the program's neutral site). location.replace takes
 * this page's place in the history, so Back does not return to the chat.
 */
import { h } from './dom';

/** Same-origin step on the way out; see apps/server/src/http/pages.ts. */
export const BYE_PATH = '/bye';
/** What the page, when framed by the launcher, asks its host page to do, and the launcher's answer. */
export const EXIT_MESSAGE = 'lantern:exit';
export const EXIT_TAKEN = 'lantern:exit-taken';
/** How long a framed page waits for the launcher to answer before leaving by itself. */
const LAUNCHER_ANSWER_MS = 300;

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
  if (window.top !== window.self) leaveFrame(target);
  else location.replace(target);
}

/**
 * In the launcher's panel, the host page hides itself and takes the whole tab to `target` (one
 * navigation, not two racing). Framed by anything else, nobody answers: take the top window
 * (allowed right after the person's own press), or failing that, at least this frame.
 */
function leaveFrame(target: string): void {
  const alone = setTimeout(() => {
    try {
      window.top!.location.replace(target);
    } catch {
      location.replace(target);
    }
  }, LAUNCHER_ANSWER_MS);
  addEventListener('message', (event) => {
    if (event.source === parent && event.data === EXIT_TAKEN) clearTimeout(alone);
  });
  parent.postMessage(EXIT_MESSAGE, '*');
}

export function exitButton(label: string, onExit: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'exit' }, label);
  button.addEventListener('click', onExit);
  return button;
}
