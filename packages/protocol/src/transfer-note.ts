/* Plain values of transfer notes, free of schemas, so the console can import them without the schema compiler. */

/** Characters (code points) a transfer note may hold before it is sealed. */
export const MAX_TRANSFER_NOTE_CHARS = 1000;

/** The sealing context binds a note to one conversation and one receiver: it cannot be replayed elsewhere. */
export const transferNoteContext = (conversationId: string, toStaffId: string) => `transfer-note/${conversationId}/${toStaffId}`;
