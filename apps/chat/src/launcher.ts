/*
 * The embed launcher, for a program to copy to ITS OWN website and load from there:
 *
 *   <script src="/js/chat-launcher.js" data-chat="https://chat.example.org/" data-label="Talk to us" defer></script>
 *
 * Until the person taps its button it loads nothing, opens no frame and no connection, and it
 * never sets a cookie: the chat server learns nothing about the host site's visitors. The tap
 * opens the chat page in a panel (an iframe; the server must list this site in EMBED_ORIGINS).
 * Optional: data-title (the panel's name), data-close (its close button), data-place="inline"
 * (the button goes where the script tag is, unstyled, for the site's own CSS; default: floating),
 * data-key (the program key fingerprint from the console: the chat page refuses any other key).
 */
import { BYE_PATH, EXIT_MESSAGE, EXIT_TAKEN } from './exit';

const script = document.currentScript as HTMLScriptElement | null;
const attr = (name: string, fallback: string) => script?.getAttribute('data-' + name) || fallback;

function chatAddress(): URL | null {
  try {
    const url = new URL(attr('chat', ''));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

const chat = chatAddress();
if (!chat) {
  console.warn('chat launcher: set data-chat to the chat page address');
} else {
  const label = attr('label', 'Chat');
  const inline = attr('place', '') === 'inline';
  // Inline styles only: a host page's CSP may forbid <style> elements, never element.style.
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'chat-launcher';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  if (!inline) {
    button.style.cssText =
      'position:fixed;inset-block-end:1rem;inset-inline-end:1rem;z-index:2147483646;font:600 1rem/1.2 system-ui,sans-serif;padding:.75rem 1.25rem;min-height:2.75rem;border:2px solid #1d4f91;border-radius:.4rem;background:#1d4f91;color:#fff;cursor:pointer';
  }

  let panel: HTMLElement | null = null;
  let frame: HTMLIFrameElement | null = null;

  const setOpen = (open: boolean) => {
    // Not the hidden attribute: the panel's own inline display would win over it.
    panel!.style.display = open ? 'flex' : 'none';
    button.setAttribute('aria-expanded', String(open));
    if (open) frame!.focus();
    else button.focus();
  };

  function build(): void {
    panel = document.createElement('div');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', attr('title', label));
    panel.style.cssText =
      'position:fixed;inset-block-end:0;inset-inline-end:0;z-index:2147483647;display:flex;flex-direction:column;width:min(26rem,100vw);height:min(40rem,100vh);background:#fff;border:1px solid #8a8a90;box-shadow:0 0 1rem rgba(0,0,0,.3)';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = attr('close', 'Close');
    close.style.cssText = 'align-self:flex-end;margin:.25rem;min-height:2.75rem;padding:.5rem 1rem;font:600 1rem system-ui,sans-serif;cursor:pointer';
    close.addEventListener('click', () => setOpen(false));
    frame = document.createElement('iframe');
    frame.title = attr('title', label);
    frame.referrerPolicy = 'no-referrer';
    const key = attr('key', '').replace(/[^0-9a-fA-F]/g, '');
    // In the fragment, which no browser sends to a server: the chat page checks the key against it.
    frame.src = key ? `${chat!.origin}${chat!.pathname}${chat!.search}#key=${key}` : chat!.href;
    frame.style.cssText = 'flex:1 1 auto;width:100%;border:0';
    panel.append(close, frame);
    document.body.appendChild(panel);
    // The chat's quick exit takes this whole tab to the neutral site, not just the panel.
    addEventListener('message', (event) => {
      if (event.source !== frame!.contentWindow || event.data !== EXIT_MESSAGE) return;
      (event.source as Window).postMessage(EXIT_TAKEN, chat!.origin);
      document.documentElement.style.display = 'none';
      location.replace(new URL(BYE_PATH, chat!).href);
    });
  }

  button.addEventListener('click', () => {
    if (!panel) build();
    setOpen(button.getAttribute('aria-expanded') !== 'true');
  });

  if (inline && script?.parentNode) script.parentNode.insertBefore(button, script);
  // Loaded in <head> without defer: wait for the body.
  else if (document.body) document.body.appendChild(button);
  else addEventListener('DOMContentLoaded', () => document.body.appendChild(button));
}
