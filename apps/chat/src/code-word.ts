import { importPublicKey, sealCodeWord } from '@lantern/crypto';
import { CODE_WORD_KIND, formatReference, type CodeWordInvite } from '@lantern/protocol/code-word-text';
import { h } from './dom';
import { t } from './i18n';
import { postJson } from './post';

/** What the code word prompts need from the running chat. */
export interface CodeWordHost {
  /** Sends a structured message (not shown as a chat line) to the advocate. */
  send(kind: string, text: string): void;
  /** Shows a prompt above the composer; null takes it away. */
  panel(el: HTMLElement | null): void;
  note(text: string): void;
  /** This chat's token: a code word is stored only from the chat it was asked in. */
  token: string;
}

/**
 * The participant's side of code words: choosing one (sealed here to the program key, so only
 * staff browsers can ever check it) and answering when the advocate asks for it.
 */
export function codeWordPrompts(host: CodeWordHost): (kind: string, text: string) => void {
  function prompt(why: string, button: string, done: (word: string) => Promise<void> | void) {
    // Described by the prompt, so a screen reader reads why when the field takes the focus.
    const input = h('input', { id: 'code-word', autocomplete: 'off', spellcheck: 'false', dir: 'auto', 'aria-describedby': 'code-word-why' });
    const form = h(
      'form',
      { class: 'code-word', autocomplete: 'off', novalidate: '' },
      h('p', { id: 'code-word-why' }, why),
      h('label', { for: 'code-word' }, t('cwLabel')),
      input,
      h('button', { class: 'primary' }, button),
    );
    const skip = h('button', { type: 'button', class: 'secondary' }, t('cwSkip'));
    form.append(skip);
    skip.addEventListener('click', () => {
      host.panel(null);
      host.send(CODE_WORD_KIND.declined, '');
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value.trim()) void done(input.value);
    });
    host.panel(form);
    input.focus();
  }

  return (kind, text) => {
    if (kind === CODE_WORD_KIND.ask) {
      prompt(t('cwAsk'), t('cwSend'), (word) => {
        host.panel(null);
        host.send(CODE_WORD_KIND.answer, word);
      });
    } else if (kind === CODE_WORD_KIND.issue) {
      const invite = JSON.parse(text) as CodeWordInvite;
      const why = invite.renewal ? t('cwRenew') : t('cwChoose');
      prompt(`${why} ${t('cwReference', { reference: formatReference(invite.reference) })}`, t('cwSend'), async (word) => {
        try {
          const sealed = await sealCodeWord(await importPublicKey(invite.programKey), invite.reference, word);
          const response = await postJson('/api/code-words/set', { reference: invite.reference, setToken: invite.setToken, token: host.token, epoch: invite.epoch, sealed });
          if (!response.ok) throw new Error(String(response.status));
          host.panel(null);
          host.note(t('cwSaved', { reference: formatReference(invite.reference) }));
          host.send(CODE_WORD_KIND.set, invite.reference);
        } catch {
          host.note(t('sendFailed'));
        }
      });
    }
  };
}
