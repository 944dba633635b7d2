/*
 * The way out every page of the participant's shares: the Exit button at the top and Shift pressed
 * three times, with the countdown beside Exit for sighted people and in the live region for screen
 * readers. The participant page and /about-this-chat both use it, in their own words.
 */
import { h, show } from './dom';
import { exitButton } from './exit';
import { listenForTripleShift, WITHIN_MS } from './triple-shift';

export interface ExitWords {
  exit(): string;
  /** "Press Shift 2 more times…": `remaining` is 1 or 2. */
  pressMore(remaining: number): string;
  leaving(): string;
}

export interface ExitBar {
  /** Draws the button (again, after a change of language). */
  render(): void;
}

export function exitBar(top: HTMLElement, announcer: HTMLElement, words: ExitWords, leave: () => void): ExitBar {
  // Seen beside Exit; the live region speaks the same words, so screen readers skip this one.
  const countdown = h('p', { class: 'countdown', 'aria-hidden': 'true' });
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const announce = (text: string) => {
    clearTimeout(quiet);
    announcer.textContent = countdown.textContent = text;
    // Emptied again, so the same words are spoken again next time.
    quiet = setTimeout(() => (announcer.textContent = countdown.textContent = ''), WITHIN_MS * 2);
  };
  listenForTripleShift({
    progress: (remaining) => announce(words.pressMore(remaining)),
    triggered() {
      announce(words.leaving());
      leave();
    },
  });
  return { render: () => show(top, countdown, exitButton(words.exit(), leave)) };
}
