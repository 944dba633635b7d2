import type { Role } from '@lantern/protocol';
import { channelLabel, dateLabel, dateTimeLabel, languageLabel, roleLabel } from '../../shared/format';
import type { AuditEntry } from '../program/program';

/** The audit log in plain words: what an admin reads, not the codes the server stores. */

const ACTIONS: Record<string, string> = {
  'program.setup': 'Set up the program',
  'staff.sign_in': 'Signed in',
  'staff.sign_in_failed': 'Failed sign-in',
  'staff.sign_out': 'Signed out',
  'staff.locked': 'Account locked after failed sign-ins',
  'staff.password_changed': 'Changed their password',
  'staff.password_change_failed': 'Failed password change',
  'staff.participant_name_changed': 'Changed the name participants see',
  'staff.two_factor_enrolled': 'Set up two-factor sign-in',
  'staff.invited': 'Created an invite link',
  'staff.invite_revoked': 'Withdrew an invite link',
  'staff.joined': 'Joined',
  'staff.deactivated': 'Deactivated a member',
  'key.granted': 'Granted the program key',
  'key.rotated': 'Made a new program key',
  'conversation.answered': 'Answered a conversation',
  'conversation.assigned': 'Routing handed out a conversation',
  'conversation.transferred': 'Transferred a conversation',
  'conversation.watched': 'Watched a conversation',
  'conversation.joined': 'Joined a conversation as a supervisor',
  'conversation.taken_over': 'Took over a conversation',
  'supervisor.requested': 'Asked for a supervisor',
  'debrief.requested': 'Asked for a debrief',
  'staff.availability': 'Changed their availability',
  'staff.shift_end': 'Set when their shift ends',
  'routing.changed': 'Changed the routing rules',
  'interpreter.invited': 'Invited an interpreter',
  'interpreter.joined': 'An interpreter joined (the participant agreed)',
  'sms.number_revealed': 'Revealed a phone number',
  'sms.outbound_started': 'Started texting a number',
  'sms.outbound_refused': 'Was refused texting a number',
  'status.changed': 'Changed the status',
  'hours.changed': 'Changed the hours',
  'code_word.issued': 'Issued a code word reference',
  'code_word.verified': 'Checked a code word',
  'canned.changed': 'Changed a canned message',
  'retention.changed': 'Changed the retention',
  'statistics.exported': 'Downloaded the statistics',
  'notices.changed': 'Changed the notices',
};

/** Unknown actions (a newer server) show their code rather than nothing. */
export const actionLabel = (action: string) => ACTIONS[action] ?? action;

/** Who did it, for entries no member made: the program itself, or someone who is not a member. */
const NO_MEMBER: Record<string, string> = {
  'conversation.assigned': 'The program (routing)',
  'staff.sign_in_failed': 'Someone signing in (no active account by that name)',
  'interpreter.joined': 'The interpreter',
};
export const noMemberLabel = (action: string) => NO_MEMBER[action] ?? 'The program (automatic)';

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
  // Conversation events and unknown-name sign-ins come as one row per hour (docs/security.md#audit-log).
  const { perHour, count, ...rest } = entry.detail;
  if (perHour !== true || typeof count !== 'number') return eventText(entry, nameOf);
  const one = eventText({ ...entry, detail: rest }, nameOf);
  return `${count} in the hour from ${dateTimeLabel(entry.at)}${one ? `: ${one}` : ''}`;
}

function eventText(entry: AuditEntry, nameOf: (id: string) => string): string {
  const d = entry.detail;
  const member = (value: unknown) => (typeof value === 'string' ? nameOf(value) : null);
  switch (entry.action) {
    case 'program.setup':
    case 'staff.sign_in':
      if (text(d.username)) return `As ${text(d.username)}`;
      break;
    case 'staff.sign_in_failed':
      if (d.reason === 'unknown name') return 'Usernames that do not exist';
      if (text(d.username)) return `Username tried: ${text(d.username)}${d.reason === 'code' ? ' (right password, wrong code)' : ''}`;
      break;
    case 'staff.locked':
      if (text(d.until) && !Number.isNaN(Date.parse(text(d.until)!))) return `Until ${dateTimeLabel(text(d.until)!)}`;
      break;
    case 'staff.invited':
      if (isRole(d.role)) return `${roleLabel(d.role)}, usable until ${text(d.expiresAt) ? dateTimeLabel(text(d.expiresAt)!) : 'unknown'}`;
      break;
    case 'staff.joined':
      if (text(d.username) && isRole(d.role)) {
        return `As ${text(d.username)}, ${roleLabel(d.role).toLowerCase()}${member(d.invitedBy) ? `, invited by ${member(d.invitedBy)}` : ''}`;
      }
      break;
    case 'staff.participant_name_changed':
      if (text(d.name)) return `Now “${text(d.name)}”`;
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
    case 'conversation.assigned':
      if (member(d.to) && (d.channel === 'web' || d.channel === 'sms')) return `${channelLabel(d.channel)}, to ${member(d.to)}`;
      break;
    case 'staff.availability':
      if (typeof d.available === 'boolean') return d.available ? 'Available' : 'Away';
      break;
    case 'staff.shift_end':
      if (d.shiftEndsAt === null) return 'No end set';
      if (text(d.shiftEndsAt)) return `Ends ${dateTimeLabel(text(d.shiftEndsAt)!)}`;
      break;
    case 'routing.changed':
      if (typeof d.conversationCap === 'number' && typeof d.shiftEndMarginMinutes === 'number') {
        return `Up to ${d.conversationCap} conversations per advocate; none new in the last ${d.shiftEndMarginMinutes} minutes of a shift`;
      }
      break;
    case 'conversation.transferred':
      if (member(d.to) && isRole(d.role)) return `To ${member(d.to)} (${roleLabel(d.role).toLowerCase()})`;
      break;
    case 'conversation.taken_over':
      if (member(d.from)) return `From ${member(d.from)}`;
      break;
    case 'conversation.watched':
    case 'conversation.joined':
      if (isRole(d.role)) return `As ${roleLabel(d.role).toLowerCase()}`;
      break;
    case 'supervisor.requested':
    case 'debrief.requested':
      if (typeof d.notified === 'number') return d.notified === 0 ? 'No supervisor was signed in' : `${d.notified} ${d.notified === 1 ? 'supervisor' : 'supervisors'} alerted`;
      break;
    case 'sms.number_revealed':
    case 'sms.outbound_started':
      return '';
    case 'sms.outbound_refused':
      if (text(d.reason)) return `Reason: ${text(d.reason)}`;
      break;
    case 'status.changed':
      if (text(d.override) && OVERRIDE_WORDS[text(d.override)!]) {
        const message = text(d.message);
        return `${OVERRIDE_WORDS[text(d.override)!]}${message ? `: “${message}”` : ''}`;
      }
      break;
    case 'retention.changed':
      if (typeof d.days === 'number') return d.days === 0 ? 'Deleted when a conversation ends' : `Kept ${d.days} ${d.days === 1 ? 'day' : 'days'} after a conversation ends`;
      break;
    case 'statistics.exported':
      if (text(d.from) && text(d.to)) return `${dateLabel(text(d.from)!)} to ${dateLabel(text(d.to)!)}, as CSV`;
      break;
    case 'code_word.issued':
      return d.renewal === true ? 'A new code word for an existing reference' : 'A new reference';
    case 'code_word.verified':
      return '';
    case 'canned.changed':
      if ((d.change === 'added' || d.change === 'edited' || d.change === 'removed') && text(d.title)) {
        return `${d.change[0]!.toUpperCase()}${d.change.slice(1)} “${text(d.title)}”${text(d.language) ? ` (${languageLabel(text(d.language)!)})` : ''}`;
      }
      break;
    case 'hours.changed':
      if (d.hours === null) return 'Open at all hours';
      if (typeof d.hours === 'object' && d.hours && text((d.hours as { timeZone?: unknown }).timeZone)) {
        return `Hours in ${text((d.hours as { timeZone: string }).timeZone)}`;
      }
      break;
    case 'notices.changed': {
      const changed = Array.isArray(d.notices) ? (d.notices as Array<{ language?: unknown; notice?: unknown }>) : [];
      const parts = changed.filter((c) => text(c.language) && text(c.notice)).map((c) => `${text(c.notice)} (${text(c.language)})`);
      if (typeof d.questions === 'number') parts.push(`questions: ${d.questions}`);
      if (parts.length > 0) return parts.join(', ');
      break;
    }
    default:
      break;
  }
  return Object.keys(d).length === 0 ? '' : JSON.stringify(d);
}
