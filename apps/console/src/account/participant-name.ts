import type { SetParticipantName } from '@lantern/protocol';
import { isParticipantName } from '@lantern/protocol/participant-name';
import { api } from '../shared/api';
import { me } from '../shared/state';

/** Said under the field on the join form and on Account: who sees which name. */
export const PARTICIPANT_NAME_HINT = 'Participants see this name; other staff see your full name.';

/** What is wrong with a name (already trimmed) participants would see, or null. */
export function participantNameProblem(name: string): string | null {
  if (!name) return 'Enter the name participants see: your first name is usual.';
  if (!isParticipantName(name)) return 'Use at most 64 characters, without line breaks or direction marks.';
  return null;
}

/** Saves this member's name for participants; their next message carries it. */
export async function saveParticipantName(name: string): Promise<void> {
  const body: SetParticipantName = { participantName: name };
  await api<void>('PUT', '/api/staff/me/participant-name', body);
  const self = me.value;
  if (self) me.value = { ...self, participantName: name };
}
