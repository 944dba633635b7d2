import type { Alternative, ProgramConfig } from './config';
import { h } from './dom';
import type { StartFailure } from './conversation';
import { strings } from './strings';

/** Phone numbers become tap-to-call links; anything else stays plain text. */
function alternativeValue(value: string): Node {
  const digits = value.replace(/[\s().-]/g, '');
  return /^\+?\d{3,15}$/.test(digits) ? h('a', { href: 'tel:' + digits }, value) : document.createTextNode(value);
}

export function alternatives(list: Alternative[]): HTMLElement | null {
  if (list.length === 0) return null;
  return h(
    'section',
    { class: 'alternatives', 'aria-labelledby': 'alternatives-heading' },
    h('h2', { id: 'alternatives-heading' }, strings.alternativesHeading),
    h('ul', null, ...list.map((a) => h('li', null, h('span', { class: 'alt-label' }, a.label + ': '), alternativeValue(a.value)))),
  );
}

/** A screen's heading takes focus on arrival so a screen reader starts reading there. */
const heading = (text: string) => h('h1', { tabindex: '-1' }, text);

export function startScreen(config: ProgramConfig, onStart: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary' }, strings.startButton);
  const status = h('p', { role: 'status', class: 'status' });
  button.addEventListener('click', () => {
    if (button.disabled) return;
    button.disabled = true;
    status.textContent = strings.starting;
    onStart();
  });
  return h(
    'section',
    { class: 'screen start' },
    heading(config.title),
    ...strings.startIntro.map((line) => h('p', null, line)),
    button,
    status,
    alternatives(config.alternatives),
  );
}

export function startFailedScreen(config: ProgramConfig, failure: StartFailure, onRetry: () => void): HTMLElement {
  const retry = h('button', { type: 'button', class: 'primary' }, strings.tryAgain);
  retry.addEventListener('click', onRetry);
  return h(
    'section',
    { class: 'screen failed' },
    heading(strings.startFailedHeading),
    h('p', null, strings.startFailed[failure]),
    failure === 'unsupported' ? null : retry,
    alternatives(config.alternatives),
  );
}

export function closedScreen(config: ProgramConfig): HTMLElement {
  return h(
    'section',
    { class: 'screen closed' },
    heading(strings.closedHeading),
    h('p', null, strings.closedErased),
    h('p', null, strings.closedHistory),
    alternatives(config.alternatives),
  );
}

/** Puts focus on the screen's heading (after it is in the document). */
export function focusHeading(screen: HTMLElement): void {
  screen.querySelector('h1')?.focus();
}
