import { useEffect } from 'preact/hooks';
import { claim, mine, notice, select, selected, selectedId, unreadOf, waiting } from '../conversations';
import { handedNew, watchTyping } from './handed';
import { waitLabel } from '../../shared/format';
import { CardLines, describeConversation } from './ConversationCard';
import { smsStatus } from '../sms/sms';
import { connection } from '../../shared/socket';
import { routingSelf } from '../../shared/routing-self';
import { now } from '../../shared/state';
import { ScreenHeading } from '../../shared/common';
import { ConversationView } from '../view/ConversationView';
import { Debrief } from '../transfer/Debrief';
import { Alerts, LiveConversations } from '../supervision/Supervision';
import { TextNumber } from '../sms/TextNumber';


export function Conversations() {
  const online = connection.value === 'open';
  const answer = (id: string) => {
    if (!claim(id)) notice.value = 'Not connected. Try again when the connection is back.';
  };
  const current = selected.value;
  useEffect(() => {
    addEventListener('keydown', switchWithKeys);
    const stopWatching = watchTyping();
    return () => {
      removeEventListener('keydown', switchWithKeys);
      stopWatching();
    };
  }, []);
  const routing = routingSelf.value;
  const atCap = routing?.routed === true && mine.value.length >= routing.settings.conversationCap;
  return (
    <div class="conversations">
      <div class="lists">
        <ScreenHeading>Conversations</ScreenHeading>
        <p role="status" class="notice">
          {notice.value}
        </p>
        <Alerts />
        <Debrief />
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting</h2>
          {atCap && waiting.value.length > 0 && (
            <p class="hint">You hold as many conversations as the program allows at once: end one before answering another.</p>
          )}
          <ul aria-labelledby="waiting-heading" class="queue">
            {waiting.value.map((c) => (
              <li key={c.id}>
                <span id={`waiting-${c.id}`} class="summary">
                  <span>{describeConversation(c)}</span>
                  <span class="muted">Waiting {waitLabel(c.createdAt, now.value)}</span>
                </span>
                <button type="button" onClick={() => answer(c.id)} disabled={!online} aria-describedby={`waiting-${c.id}`}>
                  Answer
                </button>
              </li>
            ))}
          </ul>
          {waiting.value.length === 0 && <p class="muted">No one is waiting.</p>}
        </section>
        <section aria-labelledby="yours-heading">
          <h2 id="yours-heading">Yours</h2>
          <ul aria-labelledby="yours-heading" class="yours">
            {mine.value.map((c) => {
              const unread = c.id === selectedId.value ? 0 : unreadOf(c.id);
              const fresh = handedNew.value.has(c.id);
              return (
                <li key={c.id}>
                  <button
                    type="button"
                    class={fresh ? 'pick handed' : 'pick'}
                    aria-current={c.id === selectedId.value ? 'true' : undefined}
                    onClick={() => select(c.id)}
                  >
                    <CardLines summary={c} />
                    {fresh && <span class="badge new">New: handed to you</span>}
                    {unread > 0 && <span class="badge">{unread} unread</span>}
                  </button>
                </li>
              );
            })}
          </ul>
          {mine.value.length === 0 && <p class="muted">You have no open conversations.</p>}
          {mine.value.length > 1 && <p class="hint">Alt+↓ and Alt+↑ move between your conversations.</p>}
        </section>
        <LiveConversations />
        {smsStatus.value.outbound && <TextNumber />}
      </div>
      <div class="pane">
        {current ? (
          <ConversationView key={current.id} summary={current} />
        ) : (
          <p class="muted placeholder">Answer a waiting conversation, or pick one of yours.</p>
        )}
      </div>
    </div>
  );
}

/** Alt+↓ / Alt+↑: the next or previous of my conversations, from anywhere on the screen (the view that opens takes focus in its composer). */
function switchWithKeys(event: KeyboardEvent): void {
  if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
  const list = mine.value;
  if (list.length === 0) return;
  event.preventDefault();
  const at = list.findIndex((c) => c.id === selectedId.value);
  const step = event.key === 'ArrowDown' ? 1 : -1;
  const next = list[at === -1 ? (step === 1 ? 0 : list.length - 1) : (at + step + list.length) % list.length]!;
  select(next.id);
}
