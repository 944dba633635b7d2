import { describe, expect, it } from 'vitest';
import { noMemberLabel } from '../src/admin/audit/audit-words';

describe('who made an audit entry that no member made', () => {
  it('names the program, the interpreter or an unknown sign-in instead of “No one signed in”', () => {
    expect(noMemberLabel('conversation.assigned')).toBe('The program (routing)');
    expect(noMemberLabel('interpreter.joined')).toBe('The interpreter');
    expect(noMemberLabel('staff.sign_in_failed')).toBe('Someone signing in (no active account by that name)');
    expect(noMemberLabel('some.future_action')).toBe('The program (automatic)');
  });
});
