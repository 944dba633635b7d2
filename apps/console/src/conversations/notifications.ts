import { effect, signal } from '@preact/signals';
import { messagesOf, mine, selectedId, summaries, waiting } from './conversations';
import { openedByItself } from './list/handed';

/*
 * Alerts for someone working in another window: a short tone and a desktop notification. Their
 * words never hold content, a name or a language, only that something is there: the screen they
 * pop up on may be seen by others.
 */

export type AlertKind = 'waiting' | 'assigned' | 'message';

const TITLES: Record<AlertKind, string> = {
  waiting: 'New conversation waiting',
  assigned: 'New conversation assigned to you',
  message: 'New message',
};

/** Settings live in memory, like everything else in the console: a reload starts with sound on. */
export const soundOn = signal(true);
export const desktopPermission = signal<NotificationPermission | 'unsupported'>(typeof Notification === 'function' ? Notification.permission : 'unsupported');

/** Several changes in one moment (a burst of new conversations, a flurry of messages) make one tone, and one notification of each kind. */
const QUIET_MS = 2_000;
let lastTone = 0;
const lastShown = new Map<AlertKind, number>();
let audio: AudioContext | null = null;

/** Browsers let a page ask only from a person's click: call this from one. */
export async function askDesktopPermission(): Promise<void> {
  if (typeof Notification !== 'function') return;
  desktopPermission.value = await Notification.requestPermission();
}

export function alertFor(kind: AlertKind): void {
  const now = Date.now();
  if (now - (lastShown.get(kind) ?? 0) < QUIET_MS) return;
  lastShown.set(kind, now);
  if (soundOn.value && now - lastTone >= QUIET_MS) {
    lastTone = now;
    beep();
  }
  // While the console is in front, the page itself shows what changed.
  if (desktopPermission.value === 'granted' && (document.hidden || !document.hasFocus())) {
    const shown = new Notification(TITLES[kind], { tag: `lantern-${kind}`, silent: true });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
  }
}

/** A short two-note tone made on the spot: no audio file to fetch. */
function beep(): void {
  const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Context) return;
  audio ??= new Context();
  if (audio.state === 'suspended') void audio.resume();
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 660],
    [0.18, 880],
  ] as const) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    tone.connect(gain).connect(audio.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.17);
  }
}

/** Audio may start only after a person has interacted with the page: wake it on the first key or click. */
function unlockAudioOnce(): void {
  const unlock = () => {
    if (audio?.state === 'suspended') void audio.resume();
    removeEventListener('pointerdown', unlock);
    removeEventListener('keydown', unlock);
  };
  addEventListener('pointerdown', unlock);
  addEventListener('keydown', unlock);
}

/**
 * Watches the queue and this member's conversations while signed in: a conversation newly
 * waiting, one routed to them (opened by itself or not; not one they just answered or started),
 * and a participant's message where they are not looking. Returns the stop function.
 */
export function watchForAlerts(): () => void {
  unlockAudioOnce();
  let seenWaiting: Set<string> | null = null;
  let seenMine: Set<string> | null = null;
  const heard = new Map<string, number>();
  // Until the first queue frame replaces it, the list is the empty one left by the last sign-out.
  const beforeFirstQueue = summaries.peek();
  return effect(() => {
    if (summaries.value === beforeFirstQueue) return;
    const waitingIds = new Set(waiting.value.map((c) => c.id));
    const mineIds = new Set(mine.value.map((c) => c.id));
    const open = selectedId.value;
    const kinds = new Set<AlertKind>();
    // The first list after sign-in is the starting point, not news.
    if (seenWaiting && [...waitingIds].some((id) => !seenWaiting!.has(id))) kinds.add('waiting');
    // Handed and opened by itself is still news: the member did nothing and may be looking elsewhere.
    if (seenMine && [...mineIds].some((id) => !seenMine!.has(id) && (id !== open || openedByItself.has(id)))) kinds.add('assigned');
    for (const id of mineIds) {
      const count = messagesOf(id).filter((m) => m.sender !== 'staff').length;
      if (count > (heard.get(id) ?? 0) && (id !== open || document.hidden)) kinds.add('message');
      heard.set(id, count);
    }
    for (const id of [...heard.keys()]) if (!mineIds.has(id)) heard.delete(id);
    seenWaiting = waitingIds;
    seenMine = mineIds;
    for (const kind of kinds) alertFor(kind);
  });
}
