import { signal } from '@preact/signals';
import { fingerprint, importPublicKey, openUnderSecret, sealTransferNote } from '@lantern/crypto';
import type { AlertFrame, Notified, SuperviseRequest, TransferCandidate, TransferCandidates, TransferNotes } from '@lantern/protocol';
// Values from a schema-free module: the package's index would bring the schema compiler, which the CSP refuses.
import { MAX_TRANSFER_NOTE_CHARS, transferNoteContext } from '@lantern/protocol/transfer-note';
import { api } from '../../shared/api';
import { openWithStaffKey } from '../../shared/keys';
import { secretOf, secretWhenHeld } from '../conversation-keys';
import { me } from '../../shared/state';

/** A conversation handed to this member: who sent it and the note, opened in this browser (memory only). */
export interface Arrival {
  conversationId: string;
  from: string;
  /** Null: no note was written. */
  note: string | null;
  /** The note was there but could not be opened with this member's key. */
  unreadable: boolean;
}

/** An alert still on screen, with a local id for keys and dismissal. */
export type ShownAlert = AlertFrame & { key: number };

export const arrivals = signal<Arrival[]>([]);
export const alerts = signal<ShownAlert[]>([]);
/** Set when a conversation this member held has closed: the console offers a debrief. */
export const debriefOffered = signal(false);

let alertKeys = 0;

/**
 * Staff keys as first seen in this session. A later answer naming another key for the same member
 * means the server (or someone in its place) swapped it to read the note: refuse to seal to it.
 */
const knownKeys = new Map<string, string>();

export class KeyChangedError extends Error {
  override name = 'KeyChangedError';
  constructor(name: string) {
    super(`${name}'s key is not the one this console saw earlier. The note was not sent: ask an admin to compare fingerprints.`);
  }
}

export async function loadCandidates(): Promise<TransferCandidate[]> {
  const { candidates } = await api<TransferCandidates>('GET', '/api/transfers/candidates');
  for (const c of candidates) if (!knownKeys.has(c.id)) knownKeys.set(c.id, c.publicKey);
  return candidates;
}

export const candidateFingerprint = (candidate: TransferCandidate) => fingerprint(candidate.publicKey);

export const noteLength = (text: string) => [...text].length;

/**
 * Seals the note in this browser, under the conversation's secret and then to the receiver's staff
 * key (so it dies with the conversation, and only the receiver reads it meanwhile), then asks the
 * server to move the conversation.
 */
export async function transferTo(conversationId: string, receiver: TransferCandidate, noteText: string): Promise<void> {
  if (knownKeys.get(receiver.id) !== receiver.publicKey) throw new KeyChangedError(receiver.displayName);
  const text = noteText.trim().normalize('NFC');
  if (noteLength(text) > MAX_TRANSFER_NOTE_CHARS) throw new Error(`A note can be at most ${MAX_TRANSFER_NOTE_CHARS} characters.`);
  const secret = text ? await secretOf(conversationId) : null;
  if (text && !secret) throw new Error('This conversation is not open here yet, so the note cannot be sealed. Try again in a moment.');
  const note =
    text && secret
      ? await sealTransferNote(secret, conversationId, receiver.id, await importPublicKey(receiver.publicKey), new TextEncoder().encode(text))
      : null;
  await api<void>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/transfer`, { toStaffId: receiver.id, note });
}

/** Takes the notes waiting for this member (the server deletes them as it hands them over) and opens them here. */
export async function loadArrivals(myId: string): Promise<void> {
  const { notes } = await api<TransferNotes>('POST', '/api/transfers/notes/open');
  const opened: Arrival[] = [];
  for (const n of notes) {
    let note: string | null = null;
    let unreadable = false;
    if (n.note) {
      try {
        const context = transferNoteContext(n.conversationId, myId);
        const inner = await openWithStaffKey(n.note, context);
        // The inner layer opens with the conversation's secret, which arrives once this tab holds the conversation.
        const secret = await secretWhenHeld(n.conversationId);
        if (!secret) throw new Error('no secret');
        note = new TextDecoder().decode(await openUnderSecret(secret, n.conversationId, `transfer-note|${myId}`, new Uint8Array(inner), context));
      } catch {
        unreadable = true;
      }
    }
    opened.push({ conversationId: n.conversationId, from: n.from.displayName, note, unreadable });
  }
  if (opened.length > 0) {
    const fresh = new Set(opened.map((a) => a.conversationId));
    arrivals.value = [...arrivals.value.filter((a) => !fresh.has(a.conversationId)), ...opened];
  }
}

/** After sign-in or a reconnect, and when a transfer arrives: notes waiting for this member. A failure is retried at the next one. */
export function refreshArrivals(): void {
  const myId = me.value?.id;
  if (myId) loadArrivals(myId).catch(() => {});
}

export const arrivalFor = (conversationId: string) => arrivals.value.find((a) => a.conversationId === conversationId) ?? null;

export function dismissArrival(conversationId: string): void {
  arrivals.value = arrivals.value.filter((a) => a.conversationId !== conversationId);
}

export function showAlert(frame: AlertFrame): void {
  alerts.value = [...alerts.value, { ...frame, key: ++alertKeys }];
}

export function dismissAlert(key: number): void {
  alerts.value = alerts.value.filter((a) => a.key !== key);
}

/** An alert about a conversation has done its job once the member opens that conversation. */
export function onOpened(conversationId: string): void {
  if (!alerts.value.some((a) => 'conversationId' in a && a.conversationId === conversationId)) return;
  alerts.value = alerts.value.filter((a) => !('conversationId' in a) || a.conversationId !== conversationId);
}

/** What is left of a conversation that ended: its arrival note and its alerts go too. */
export function forgetTransfer(conversationId: string): void {
  dismissArrival(conversationId);
  alerts.value = alerts.value.filter((a) => !('conversationId' in a) || a.conversationId !== conversationId);
}

export const supervise = (conversationId: string, action: SuperviseRequest['action']) =>
  api<void>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/supervise`, { action });

export const askForSupervisor = (conversationId: string) =>
  api<Notified>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/supervisor-request`);

export const askForDebrief = () => api<Notified>('POST', '/api/debrief');

export function clearTransfers(): void {
  arrivals.value = [];
  alerts.value = [];
  debriefOffered.value = false;
  knownKeys.clear();
}
