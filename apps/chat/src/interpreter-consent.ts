import type { InterpreterState } from '@lantern/protocol';
import type { ChatView } from './chat-view';
import { h } from './dom';
import { t } from './i18n';

/**
 * The participant decides whether an interpreter joins (asked once the interpreter has opened the
 * advocate's link; nobody joins without a yes), and hears when one joins or leaves.
 * `answer` returns false when the answer could not go (offline): the question then stays.
 */
export function interpreterConsent(view: ChatView, answer: (accept: boolean) => boolean): (state: InterpreterState) => void {
  let prompt: HTMLElement | null = null;
  let present = false;
  const drop = () => {
    if (prompt) prompt.remove();
    prompt = null;
  };
  const button = (accept: boolean) => {
    const el = h('button', { type: 'button', class: accept ? 'primary' : 'secondary' }, t(accept ? 'interpreterYes' : 'interpreterNo'));
    el.addEventListener('click', () => {
      if (answer(accept)) drop();
    });
    return el;
  };
  return (state) => {
    if (state === 'asking') {
      if (prompt) return;
      const question = h('p', { id: 'interpreter-question', tabindex: '-1' }, t('interpreterAsk'));
      prompt = h('div', { class: 'banner', role: 'group', 'aria-labelledby': 'interpreter-question' }, question, h('div', { class: 'actions' }, button(true), button(false)));
      view.root.insertBefore(prompt, view.root.querySelector('.log'));
      question.focus();
      return;
    }
    drop();
    if ((state === 'joined') !== present) {
      present = state === 'joined';
      view.note(t(present ? 'interpreterJoined' : 'interpreterLeft'));
    }
  };
}
