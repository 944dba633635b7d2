import { QUEUE_PLACES_SHOWN } from '@lantern/protocol/routing-limits';
import type { WaitBand } from '@lantern/protocol';
import type { Db } from '../store/db';
import { routingSettings } from './routing-store';
import { usualWait } from '../statistics/usual-wait';

/** What a waiting participant may be told: places up to QUEUE_PLACES_SHOWN, any later one as QUEUE_PLACES_SHOWN + 1. */
export interface QueuePlaces {
  /** The place of a waiting conversation (1 is next), capped; undefined when it is not waiting. */
  placeOf(conversationId: string): number | undefined;
  usualWait: WaitBand | null;
}

/**
 * Places in line, by the order conversations started (the order routing hands them out), web and
 * text alike; null when the program does not tell them (its setting, off unless an admin turns it
 * on). Read from the waiting rows as they are now: nothing about a participant's wait is kept.
 */
export async function queuePlaces(db: Db, now: Date): Promise<QueuePlaces | null> {
  if (!(await routingSettings(db)).queuePlace) return null;
  const waiting = await db.selectFrom('conversations').select('id').where('status', '=', 'waiting').orderBy('created_at').orderBy('id').execute();
  const places = new Map(waiting.map((row, index) => [row.id, Math.min(index + 1, QUEUE_PLACES_SHOWN + 1)]));
  return { placeOf: (id) => places.get(id), usualWait: places.size > 0 ? await usualWait(db, now) : null };
}
