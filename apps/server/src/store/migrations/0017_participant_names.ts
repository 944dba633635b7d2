import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The first word of a display name, without the characters a name participants see may not hold
 * (controls, line separators, bidi embeddings and isolates); "Staff" if nothing is left. Copied from
 * @lantern/protocol/participant-name as it was: a migration is history.
 */
function firstWord(displayName: string): string {
  const word = displayName.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '').trim().split(/\s+/u)[0] ?? '';
  return word || 'Staff';
}

/**
 * The name participants see of each staff member ("Sam"), apart from the display name staff see.
 * Members who joined before it start with the first word of their display name, worked out here
 * rather than in SQL so it splits on the same spaces, in any script, as the console's default does.
 */
export const participantNames: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('staff').addColumn('participant_name', 'text').execute();
    const members: Array<{ id: string; display_name: string }> = await db.selectFrom('staff').select(['id', 'display_name']).execute();
    for (const member of members) {
      await db.updateTable('staff').set({ participant_name: firstWord(member.display_name) }).where('id', '=', member.id).execute();
    }
    await db.schema.alterTable('staff').alterColumn('participant_name', (c) => c.setNotNull()).execute();
  },
};
