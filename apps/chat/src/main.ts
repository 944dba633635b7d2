import { runChat, type RunningChat } from './chat';
import { readConfig } from './config';
import { StartError, startConversation } from './conversation';
import { show } from './dom';
import { exitButton, onExit } from './exit';
import { closedScreen, focusHeading, startFailedScreen, startScreen } from './screens';
import { strings } from './strings';

const config = readConfig();
document.title = config.title;
document.getElementById('top')!.appendChild(exitButton(config.exitUrl, strings.exit));
const app = document.getElementById('app')!;

let chat: RunningChat | null = null;
let starting = false;

function showScreen(screen: HTMLElement): void {
  show(app, screen);
  focusHeading(screen);
}

async function begin(): Promise<void> {
  // One conversation per press, however fast the presses come.
  if (starting || chat) return;
  starting = true;
  try {
    const conversation = await startConversation();
    chat = runChat(conversation, config.title, () => {
      chat = null;
      onExit(null);
      showScreen(closedScreen(config));
    });
    onExit(chat.end);
    show(app, chat.view.root);
    chat.view.focusComposer();
  } catch (error) {
    const kind = error instanceof StartError ? error.kind : 'failed';
    showScreen(startFailedScreen(config, kind, () => void begin()));
  } finally {
    starting = false;
  }
}

show(app, startScreen(config, () => void begin()));
