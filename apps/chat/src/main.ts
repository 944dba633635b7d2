import { readConfig } from './config';
import type { Conversation } from './conversation';
import { show } from './dom';
import { onExit, quickExit } from './exit';
import { exitBar } from './exit-bar';
import { currentLanguage, preferredLanguage, setLanguage, t } from './i18n';
import { forget, recall, remember } from './resume';
import { pinFromAddress } from './pinned-key';
import { closedScreen, focusHeading, reloadedScreen, startFailedScreen, startScreen, unavailableScreen } from './screens';
import { fetchStatus, inlineStatus, type LineStatus } from './status';
import type { RunningChat } from './session';

/** The chat's code, fetched only when a chat starts: the start screen and its Exit come first. */
const loadSession = () => import('./session');

const config = readConfig();
document.title = config.title;
const top = document.getElementById('top')!;
const app = document.getElementById('app')!;
const announcer = document.getElementById('announce')!;

let chat: RunningChat | null = null;
/**
 * With RESUME off a reload cannot bring the chat back, and the page keeps nothing that would say
 * there was one (history state too is written to disk): a reloaded page says what a reload does.
 */
function wasReloaded(): boolean {
  const entry = performance.getEntriesByType ? (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined) : undefined;
  return entry ? entry.type === 'reload' : performance.navigation && performance.navigation.type === 1;
}
let starting = false;
let leaving = false;
/** In the page (else from GET /api/status) at load; null if neither said (the start button is offered then). */
let line: LineStatus | null = null;

function leave(): void {
  leaving = true;
  if (config.resume) forget();
  quickExit(config.exitUrl, announcer);
}

const bar = exitBar(
  top,
  announcer,
  { exit: () => t('exit'), pressMore: (remaining) => t('exitPressMore', { remaining }), leaving: () => t('exitLeaving') },
  leave,
);

function showScreen(screen: HTMLElement): void {
  show(app, screen);
  focusHeading(screen);
}

function useLanguage(tag: string): void {
  setLanguage(tag);
  bar.render();
}

function showStart(): void {
  show(
    app,
    line && line.state !== 'open'
      ? unavailableScreen(config, line, chooseLanguage)
      : startScreen(config, { language: chooseLanguage, start: () => void begin() }),
  );
}

function chooseLanguage(tag: string): void {
  useLanguage(tag);
  showStart();
  document.getElementById('language')?.focus();
}

async function enter(conversation: Conversation, resumed = false): Promise<void> {
  const { beginPreChat, closingNotice, runChat } = await loadSession();
  chat = runChat(conversation, config.title, (silentMinutes) => {
    chat = null;
    onExit(null);
    if (config.resume) forget();
    showScreen(closedScreen(config, closingNotice(), silentMinutes));
  });
  onExit(chat.end);
  show(app, chat.view.root);
  // The composer opens once the rights notice is acknowledged (the server enforces it too).
  beginPreChat(chat, conversation.token, {
    language: currentLanguage(),
    resumed,
    reach: { alternatives: config.alternatives, noOtherWay: config.noOtherWay },
    exit: leave,
  });
}

function useStatus(now: LineStatus): void {
  line = now;
  // The program's current alternatives (an admin may have changed them since ALTERNATIVES was set).
  config.alternatives = now.alternatives;
  config.noOtherWay = now.noOtherWay;
}

async function begin(): Promise<void> {
  // One conversation per press, however fast the presses come.
  if (starting || chat) return;
  starting = true;
  let session: Awaited<ReturnType<typeof loadSession>> | null = null;
  try {
    // The line may have closed, or its message and alternatives changed, since the page loaded:
    // asked again now (alongside the chat's code), so the participant sees what holds now.
    const [now, loaded] = await Promise.all([fetchStatus(), loadSession()]);
    session = loaded;
    if (now) useStatus(now);
    if (line && line.state !== 'open') return showScreen(unavailableScreen(config, line, chooseLanguage));
    const conversation = await session.startConversation(currentLanguage(), config.resume);
    // Quick exit while the server was answering: end what was just opened.
    if (leaving) return session.endConversation(conversation.token);
    if (config.resume) await remember(conversation, currentLanguage());
    await enter(conversation);
  } catch (error) {
    const kind = session && error instanceof session.StartError ? error.kind : 'failed';
    showScreen(startFailedScreen(config, kind, () => void begin()));
  } finally {
    starting = false;
  }
}

// Leaving or reloading with RESUME off ends the chat at once, so staff do not write to a page that is gone.
addEventListener('pagehide', () => {
  if (chat && !config.resume) chat.end();
});

async function boot(): Promise<void> {
  pinFromAddress();
  const saved = config.resume ? await recall() : null;
  useLanguage(saved ? saved.language : preferredLanguage(config.languages));
  if (saved) return enter(saved.conversation, true);
  // In the page as served; asked for only when it is not (the page served by something else).
  // Read before the reloaded screen too: its alternatives and its Start follow the line as it is now.
  const now = inlineStatus() ?? (await fetchStatus());
  if (now) useStatus(now);
  if (leaving) return;
  if (!config.resume && wasReloaded()) return showScreen(reloadedScreen(config, showStart));
  showStart();
}

void boot();
