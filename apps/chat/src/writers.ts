import { isParticipantName } from '@lantern/protocol/participant-name';

/** A name a writer put inside its message (staff: the name participants see; an interpreter: the name they gave), if the page may show it. */
export function writerName(from: string | undefined | null): string | null {
  const name = from?.trim();
  return name && isParticipantName(name) ? name : null;
}

/** A name inside a sentence, isolated so a name in another script does not turn the sentence around. */
export const isolate = (name: string) => `\u2068${name}\u2069`;

/**
 * Who is on the staff side, as this page has learnt it: the names the server announced (who
 * answered, who took over, who joined) and the writers whose messages it opened. A staff message
 * from a writer it has not heard of gets a "has joined" line before it, so a change of writer is
 * marked even when the server said nothing (its notices are its word; the name in a message is
 * the writer's own, inside the encryption).
 */
export class StaffWriters {
  private readonly introduced = new Set<string>();
  /** Writer id (per console tab and conversation) → the name it wrote under. */
  private readonly byWriter = new Map<string, string>();

  /** The server named someone: a line about them was shown, or (who answered) the status says it. */
  introduce(name: string | null): void {
    if (name) this.introduced.add(name);
  }

  /**
   * A staff message opened: the name to label it with (null: none given), and whether a line saying
   * they joined goes before it. A writer who changed their name keeps their writer id: no new line.
   */
  opened(from: string | undefined, writer: string | undefined): { name: string | null; joined: boolean } {
    const name = writerName(from);
    if (!name) return { name, joined: false };
    const joined = !this.introduced.has(name) && (writer === undefined || !this.byWriter.has(writer));
    this.introduced.add(name);
    if (writer !== undefined) this.byWriter.set(writer, name);
    return { name, joined };
  }
}
