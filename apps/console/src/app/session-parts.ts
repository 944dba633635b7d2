import type { ServerFrame } from '@lantern/protocol';
import { onKeyGrant } from '../conversations/conversation-keys';
import { clearConversations, notice, onAck, onClosed, onError, onMessage, onNotice, onQueue, resync, summaries } from '../conversations/conversations';
import { afterReconnect, forgetAvailability } from '../conversations/availability/routing';
import { clearInterpreters, forgetInterpreter, onInterpreter } from '../conversations/interpreter/interpreter';
import { loadSmsStatus, smsStatus } from '../conversations/sms/sms';
import { onAlert } from '../conversations/transfer/alert';
import { clearTransfers, refreshArrivals } from '../conversations/transfer/transfer';
import { clearPresence, forgetPresence, onPresence } from '../conversations/view/presence';
import type { SessionParts } from '../shared/session';

/** The features' part in a session (shared/session.ts runs it): what they load, the frames they take, what they drop. */
export const sessionParts: SessionParts = {
  load: loadSmsStatus,
  onFrame,
  onGranted() {
    if (summaries.value.length === 0) return;
    // Conversations listed before the key arrived could not be opened; take them up afresh.
    const list = summaries.value;
    clearConversations();
    onQueue(list);
  },
  clear() {
    clearConversations();
    clearTransfers();
    clearInterpreters();
    clearPresence();
    forgetAvailability();
    smsStatus.value = { enabled: false, outbound: false };
  },
};

function onFrame(frame: ServerFrame): void {
  switch (frame.type) {
    case 'ready':
      resync();
      refreshArrivals();
      void afterReconnect().catch(() => undefined);
      break;
    case 'queue':
      onQueue(frame.conversations);
      break;
    case 'message':
      onMessage(frame);
      break;
    case 'ack':
      onAck(frame.conversationId, frame.clientId, frame.seq);
      break;
    case 'closed':
      onClosed(frame.conversationId, frame.by);
      forgetInterpreter(frame.conversationId);
      forgetPresence(frame.conversationId);
      break;
    case 'notice':
      onNotice(frame);
      break;
    case 'alert':
      onAlert(frame);
      break;
    case 'interpreter':
      onInterpreter(frame);
      break;
    case 'key_grant':
      void onKeyGrant(frame);
      break;
    case 'presence':
      onPresence(frame);
      break;
    case 'error':
      if (!onError(frame.code, frame.ref, frame.message)) notice.value = frame.message;
      break;
    default:
      break;
  }
}
