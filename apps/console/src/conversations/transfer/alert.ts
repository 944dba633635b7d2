import type { AlertFrame } from '@lantern/protocol';
import { markStaffChange } from '../conversations';
import { refreshArrivals, showAlert } from './transfer';
import { me } from '../../shared/state';

/** An alert frame: shown on screen; a conversation handed to this member is marked in its transcript and its note fetched. */
export function onAlert(frame: AlertFrame): void {
  showAlert(frame);
  if (frame.alert === 'transferred') {
    // The participant was told this member's name participants see.
    const told = me.value?.participantName;
    markStaffChange(frame.conversationId, { notice: 'arrived', name: frame.from, toMe: true, ...(told ? { told } : {}) });
    refreshArrivals();
  }
}
