import { browserName } from './browser-name';
import type { ProgramConfig, Reach } from './config';
import { h } from './dom';
import type { StartFailure } from './conversation';
import { currentLanguage, languageName, t } from './i18n';
import { replacingLink } from './replace-link';
import type { LineStatus } from './status';

/** Phone numbers become tap-to-call links; anything else stays plain text. */
function alternativeValue(value: string): Node {
  const digits = value.replace(/[\s().-]/g, '');
  return /^\+?\d{3,15}$/.test(digits) ? h('a', { href: 'tel:' + digits, dir: 'ltr' }, value) : document.createTextNode(value);
}

/** What `alternatives()` shows: the list, else the program's words that there is none, else nothing. */
export function shownReach(reach: Reach): Reach {
  return { alternatives: reach.alternatives, noOtherWay: reach.alternatives.length === 0 ? reach.noOtherWay : null };
}

/** The other ways to reach the program, or its words that there is none; nothing at all rather than an empty promise. */
export function alternatives(reach: Reach): HTMLElement | null {
  const { alternatives: list, noOtherWay } = shownReach(reach);
  if (list.length === 0 && !noOtherWay) return null;
  return h(
    'section',
    { class: 'alternatives', 'aria-labelledby': 'alternatives-heading' },
    h('h2', { id: 'alternatives-heading' }, t('alternativesHeading')),
    list.length > 0
      ? h('ul', null, ...list.map((a) => h('li', null, h('span', { class: 'alt-label' }, a.label + ': '), alternativeValue(a.value))))
      : h('p', { dir: 'auto' }, noOtherWay),
  );
}

/** A screen's heading takes focus on arrival so a screen reader starts reading there. */
const heading = (text: string) => h('h1', { tabindex: '-1' }, text);

/** The program's languages, each named in itself; shown only when there is a choice. */
function languagePicker(languages: string[], onChange: (tag: string) => void): HTMLElement | null {
  if (languages.length < 2) return null;
  const select = h(
    'select',
    { id: 'language', name: 'language', autocomplete: 'off' },
    ...languages.map((tag) => h('option', { value: tag, lang: tag }, languageName(tag))),
  );
  select.value = currentLanguage();
  select.addEventListener('change', () => onChange(select.value));
  return h('p', { class: 'language' }, h('label', { for: 'language' }, t('languageLabel')), select);
}

export interface StartHandlers {
  language(tag: string): void;
  start(): void;
}

export function startScreen(config: ProgramConfig, handlers: StartHandlers): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary' }, t('startButton'));
  const status = h('p', { role: 'status', class: 'status' });
  button.addEventListener('click', () => {
    if (button.disabled) return;
    button.disabled = true;
    status.textContent = t('starting');
    handlers.start();
  });
  return h(
    'section',
    { class: 'screen start' },
    heading(config.title),
    languagePicker(config.languages, handlers.language),
    h('p', null, t('intro1')),
    h('p', null, t('intro2')),
    h('p', null, t('intro3')),
    h('p', null, t('intro4')),
    h('p', null, t('intro5')),
    config.resume ? h('p', null, t('resumeOn')) : null,
    h('p', { class: 'hint' }, t('exitHint')),
    button,
    status,
    alternatives(config),
    h('p', { class: 'hint' }, replacingLink(h('a', { href: '/about-this-chat?lang=' + currentLanguage() }, t('aboutLink')))),
  );
}

export function startFailedScreen(config: ProgramConfig, failure: StartFailure, onRetry: () => void): HTMLElement {
  const retry = h('button', { type: 'button', class: 'primary' }, t('tryAgain'));
  retry.addEventListener('click', onRetry);
  return h(
    'section',
    { class: 'screen failed' },
    heading(t('startFailedHeading')),
    h('p', null, t('startFailed', { reason: failure })),
    failure === 'unsupported' || failure === 'untrusted' ? null : retry,
    alternatives(config),
  );
}

/** A moment in the page's language and the participant's own time zone: weekday, date and time. */
export function formatOpening(when: Date): string {
  return new Intl.DateTimeFormat(currentLanguage(), { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(when);
}

/** Instead of the start screen while the line is closed or interrupted: why, when it opens, where else to turn. */
export function unavailableScreen(config: ProgramConfig, status: LineStatus, onLanguage: (tag: string) => void): HTMLElement {
  const closed = status.state === 'closed';
  return h(
    'section',
    { class: 'screen unavailable' },
    heading(t(closed ? 'lineClosedHeading' : 'lineInterruptedHeading')),
    languagePicker(config.languages, onLanguage),
    // The program's words are in one language, maybe not the page's: their own direction.
    status.message ? h('p', { dir: 'auto' }, status.message) : null,
    h('p', null, closed && status.opensAt ? t('lineOpensAt', { when: formatOpening(status.opensAt) }) : t(closed ? 'lineClosedLater' : 'lineInterrupted')),
    h('p', { class: 'hint' }, t('exitHint')),
    alternatives(status),
  );
}

/** Why it ended when the program closed it for silence, what was erased, how to clear this browser's history (its own menus), and where else to turn. */
export function closedScreen(config: ProgramConfig, closing = '', silentMinutes: number | null = null): HTMLElement {
  return h(
    'section',
    { class: 'screen closed' },
    heading(t('closedHeading')),
    silentMinutes ? h('p', null, t('closedForSilence', { minutes: silentMinutes })) : null,
    closing ? h('p', { class: 'notice', dir: 'auto' }, closing) : null,
    h('p', null, t('closedErased')),
    h('h2', null, t('historyHeading')),
    h('p', null, t('historyWhy')),
    h('p', null, t('historySteps', { browser: browserName() })),
    h('p', null, t('historyCaution')),
    h('p', null, t('privateNext')),
    alternatives(config),
  );
}

/** After a reload with RESUME off: what a reload does to a chat, a way to start again, and the other ways. */
export function reloadedScreen(config: ProgramConfig, onStart: () => void): HTMLElement {
  const again = h('button', { type: 'button', class: 'primary' }, t('startButton'));
  again.addEventListener('click', onStart);
  return h('section', { class: 'screen closed' }, heading(t('reloadedHeading')), h('p', null, t('reloaded')), again, alternatives(config));
}

/** Puts focus on the screen's heading (after it is in the document). */
export function focusHeading(screen: HTMLElement): void {
  screen.querySelector('h1')?.focus();
}
