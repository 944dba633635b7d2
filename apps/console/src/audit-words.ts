import type { Role } from '@lantern/protocol';
import { channelLabel, dateTimeLabel, roleLabel } from './format';
import type { AuditEntry } from './program';

/** The audit log in plain words: what an admin reads, not the codes the server stores. */

const ACTIONS: Record<string, string> = {
  'program.setup': 'Set up the program',
  'staff.sign_in': 'Signed in',
  'staff.sign_in_failed': 'Failed sign-in',
  'staff.sign_out': 'Signed out',
  'staff.invited': 'Created an invite link',
  'staff.joined': 'Joined',
  'staff.deactivated': 'Deactivated a member',
  'key.granted': 'Granted the program key',
  'key.rotated': 'Made a new program key',
  'conversation.answered': 'Answered a conversation',
  'sms.number_revealed': 'Revealed a phone number',
  'status.changed': 'Changed the status',
  'hours.changed': 'Changed the hours',
};

/** Unknown actions (a newer server) show their code rather than nothing. */
export const actionLabel = (action: string) => ACTIONS[action] ?? action;

const OVERRIDE_WORDS: Record<string, string> = {
  none: 'Follow the hours',
  closed: 'Closed',
  emergency: 'Emergency: service interrupted',
};

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const isRole = (value: unknown): value is Role => value === 'advocate' || value === 'supervisor' || value === 'admin';

/**
 * A sentence for the entry's details. The detail is whatever the database holds (the log may have
 * been tampered with), so every field is checked before use and the rest shown as it is.
 */
export function detailText(entry: AuditEntry, nameOf: (id: string) => string): string {
  const d = entry.detail;
  const member = (value: unknown) => (typeof value === 'string' ? nameOf(value) : null);
  switch (entry.action) {
    case 'program.setup':
    case 'staff.sign_in':
      if (text(d.username)) return `As ${text(d.username)}`;
      break;
    case 'staff.sign_in_failed':
      if (text(d.username)) return `Username tried: ${text(d.username)}`;
      break;
    case 'staff.invited':
      if (isRole(d.role)) return `${roleLabel(d.role)}, usable until ${text(d.expiresAt) ? dateTimeLabel(text(d.expiresAt)!) : 'unknown'}`;
      break;
    case 'staff.joined':
      if (text(d.username) && isRole(d.role)) {
        return `As ${text(d.username)}, ${roleLabel(d.role).toLowerCase()}${member(d.invitedBy) ? `, invited by ${member(d.invitedBy)}` : ''}`;
      }
      break;
    case 'staff.deactivated':
      if (member(d.member)) return member(d.member)!;
      break;
    case 'key.granted':
      if (member(d.to) && typeof d.epoch === 'number') return `To ${member(d.to)}, epoch ${d.epoch}`;
      break;
    case 'key.rotated':
      if (typeof d.epoch === 'number' && typeof d.members === 'number') return `Epoch ${d.epoch}, sealed to ${d.members} ${d.members === 1 ? 'member' : 'members'}`;
      break;
    case 'conversation.answered':
      if (d.channel === 'web' || d.channel === 'sms') return channelLabel(d.channel);
      break;
    case 'sms.number_revealed':
      return '';
    case 'status.changed':
      if (text(d.override) && OVERRIDE_WORDS[text(d.override)!]) {
        const message = text(d.message);
        return `${OVERRIDE_WORDS[text(d.override)!]}${message ? `: “${message}”` : ''}`;
      }
      break;
    case 'hours.changed':
      if (d.hours === null) return 'Open at all hours';
      if (typeof d.hours === 'object' && d.hours && text((d.hours as { timeZone?: unknown }).timeZone)) {
        return `Hours in ${text((d.hours as { timeZone: string }).timeZone)}`;
      }
      break;
    default:
      break;
  }
  return Object.keys(d).length === 0 ? '' : JSON.stringify(d);
}
