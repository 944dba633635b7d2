import { useState } from 'preact/hooks';
import type { ConversationSummary, SuperviseRequest } from '@lantern/protocol';
import { cancelOwnChange, expectOwnChange, partIn, select, selectWhenListed, summaries } from '../conversations';
import { me } from '../../shared/state';
import { alerts, askForSupervisor, dismissAlert, supervise, type ShownAlert } from '../transfer/transfer';
import { describeError } from '../../shared/common';
import { CardLines } from '../list/ConversationCard';

const SUPERVISING = new Set(['supervisor', 'admin']);
export const supervises = () => SUPERVISING.has(me.value?.role ?? '');

const ACTION_WORDS: Record<SuperviseRequest['action'], string> = {
  watch: 'Watch',
  join: 'Join',
  take_over: 'Take over',
  leave: 'Stop watching',
};

/** Watch, join, take over or leave; the conversation opens once the server lists this member in it. */
async function act(conversationId: string, action: SuperviseRequest['action']): Promise<string | null> {
  // Set before asking: the server's notice of the change can arrive before its answer.
  const change = action === 'take_over' ? 'took_over' : action === 'join' ? 'supervisor_joined' : null;
  if (change) expectOwnChange(conversationId, change);
  try {
    await supervise(conversationId, action);
    if (action === 'leave') return null;
    selectWhenListed(conversationId);
    if (action === 'take_over') select(conversationId);
    return null;
  } catch (error) {
    if (change) cancelOwnChange(conversationId);
    return describeError(error);
  }
}

function ActionButtons({ summary, actions, describedBy }: { summary: ConversationSummary; actions: Array<SuperviseRequest['action']>; describedBy: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: SuperviseRequest['action']) => {
    setBusy(true);
    setProblem(await act(summary.id, action));
    setBusy(false);
  };
  return (
    <span class="actions">
      {actions.map((action) => (
        <button key={action} type="button" disabled={busy} aria-describedby={describedBy} onClick={() => void run(action)}>
          {ACTION_WORDS[action]}
        </button>
      ))}
      {problem && (
        <span role="alert" class="error">
          {problem}
        </span>
      )}
    </span>
  );
}

/** Supervisors and admins: every answered conversation, to watch (read only), join (write too) or take over. */
export function LiveConversations() {
  if (!supervises()) return null;
  const others = summaries.value.filter((c) => c.status === 'active' && partIn(c) !== 'hold');
  return (
    <section aria-labelledby="live-heading">
      <h2 id="live-heading">All live conversations</h2>
      <ul aria-labelledby="live-heading" class="queue live">
        {others.map((c) => {
          const part = partIn(c);
          const actions: Array<SuperviseRequest['action']> =
            part === 'watch' ? ['join', 'take_over', 'leave'] : part === 'join' ? ['take_over', 'leave'] : ['watch', 'join', 'take_over'];
          return (
            <li key={c.id}>
              <span id={`live-${c.id}`} class="summary">
                <CardLines summary={c} />
                <span class="muted">
                  with {c.assignedTo?.displayName ?? 'nobody'}
                  {part && ` · you ${part === 'watch' ? 'watch' : 'joined'}`}
                </span>
              </span>
              {part && (
                <button type="button" onClick={() => select(c.id)} aria-describedby={`live-${c.id}`}>
                  Open
                </button>
              )}
              <ActionButtons summary={c} actions={actions} describedBy={`live-${c.id}`} />
            </li>
          );
        })}
      </ul>
      {others.length === 0 && <p class="muted">No one else is in a conversation.</p>}
    </section>
  );
}

/** In a conversation's header: who else is in it, and what this member can do about supervision. */
export function SupervisionBar({ summary }: { summary: ConversationSummary }) {
  const part = partIn(summary);
  const [asked, setAsked] = useState<string | null>(null);
  const others = (summary.staff ?? []).filter((s) => s.id !== me.value?.id);
  const ask = async () => {
    try {
      const { notified } = await askForSupervisor(summary.id);
      setAsked(notified === 0 ? 'No supervisor is signed in right now.' : `Asked ${notified === 1 ? 'the supervisor' : `${notified} supervisors`} on shift.`);
    } catch (error) {
      setAsked(describeError(error));
    }
  };
  return (
    <div class="supervision">
      {part === 'watch' && <p class="watching">You are watching this conversation: read only. The advocate can see that you are here.</p>}
      {part === 'join' && <p class="watching">You joined this conversation: the participant was told a supervisor joined.</p>}
      {others.length > 0 && (
        <p class="muted">
          {others.map((s) => `${s.displayName} ${s.mode === 'watch' ? 'is watching' : 'joined'}`).join('; ')}.
        </p>
      )}
      {(part === 'watch' || part === 'join') && (
        <ActionButtons summary={summary} actions={part === 'watch' ? ['join', 'take_over', 'leave'] : ['take_over', 'leave']} describedBy="chat-heading" />
      )}
      {part === 'hold' && (
        <>
          <button type="button" onClick={() => void ask()}>
            Ask for a supervisor
          </button>
          <span role="status" class="muted">
            {asked}
          </span>
        </>
      )}
    </div>
  );
}

function alertText(alert: ShownAlert): string {
  switch (alert.alert) {
    case 'supervisor_requested':
      return `${alert.from} asks for a supervisor.`;
    case 'debrief_requested':
      return `${alert.from} asks for a debrief.`;
    case 'transferred':
      return `${alert.from} transferred a conversation to you.`;
    case 'taken_over':
      return `${alert.from} took over a conversation you held.`;
  }
}

/** Alerts for this member, newest last; each stays until dismissed or its conversation ends. The live region is always there, so each new alert is announced. */
export function Alerts() {
  const list = alerts.value;
  return (
    <div class="staff-alerts" aria-live="polite">
      {list.length > 0 && (
        <section aria-labelledby="alerts-heading">
          <h2 id="alerts-heading">Alerts</h2>
          <ul>
            {list.map((alert) => {
              const live = 'conversationId' in alert ? summaries.value.find((c) => c.id === alert.conversationId && c.status === 'active') : undefined;
              return (
                <li key={alert.key}>
                  <span id={`alert-${alert.key}`}>{alertText(alert)}</span>
                  {alert.alert === 'supervisor_requested' && live && partIn(live) !== 'hold' && (
                    <ActionButtons summary={live} actions={['watch', 'join']} describedBy={`alert-${alert.key}`} />
                  )}
                  {alert.alert === 'transferred' && live && (
                    <button type="button" onClick={() => select(live.id)} aria-describedby={`alert-${alert.key}`}>
                      Open
                    </button>
                  )}
                  <button type="button" onClick={() => dismissAlert(alert.key)} aria-describedby={`alert-${alert.key}`}>
                    Dismiss
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
