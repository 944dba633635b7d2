import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { carveDirectory, interpretations, type Carved } from './carve';
import { fromBase64Url } from './crypto';
import { addCarvedGrants, allProgramKeys, deriveKeys, type KeyRing } from './keys';
import { openCodeWord } from './open/code-word';
import { openEscrow } from './open/escrow';
import { messageKeysV1, openMessageV1, SENDERS, type DirectionKeys, type Sender } from './open/message-v1';
import { messageKeysV2, openMessageV2 } from './open/message-v2';
import { openPhoneV1, openPhoneV2, openRemoteMessageIdV1 } from './open/phone';
import { openSmsTextV1, smsTextContextV1 } from './open/sms-text-v1';
import { openTransferNote } from './open/transfer-note';
import { phoneNumbersIn } from './phones';
import { NO_SECRETS, type Secrets } from './secrets';
import { copyToTemp } from './source/copy';
import type { Row } from './source/heap';
import { readPglite } from './source/pglite';
import { postgresBinaries, readPostgres } from './source/postgres';

/**
 * The auditor: every row (live or dead) and every carved run of a data directory, tried with every
 * key that follows from the given secrets. See docs/forensics.md.
 */

export type DatabaseKind = 'pglite' | 'postgres';

export interface AuditOptions {
  secrets?: Secrets;
  /** auto: PostgreSQL when /usr/lib/postgresql/<PG_VERSION>/bin/postgres exists, else PGlite. */
  kind?: DatabaseKind | 'auto';
  /** The PostgreSQL role to connect as (default postgres). */
  superuser?: string;
  log?: (line: string) => void;
}

export interface Finding {
  kind: string;
  /** Where it was: a table (live or dead row) or a carved file. */
  where: string;
  plaintext: string;
}

export interface AuditReport {
  database: DatabaseKind;
  tables: number;
  rows_read: number;
  dead_rows: number;
  files: number;
  bytes_scanned: number;
  carved: number;
  staff_keys: number;
  program_keys: number;
  server_keys: number;
  totp_secrets: number;
  conversation_secrets: number;
  /** Distinct ciphertexts opened: conversation content, notes, phone numbers (code words apart). */
  opened: number;
  opened_by_kind: Record<string, number>;
  /** Distinct E.164 numbers: opened phone fields, and any seen in a row, a plaintext or a raw file. */
  phone_numbers: number;
  kept_code_words: number;
  /** Provider message ids the server key opens (they fetch a text from a provider that has not deleted it). */
  provider_message_ids: number;
  /** v2 row values (messages, phone numbers, inner transfer notes) whose conversation secret was nowhere to be found. */
  v2_unopened: number;
  findings: Finding[];
  phones: Array<{ number: string; where: string }>;
}

const text = (row: Row, column: string) => (typeof row.values[column] === 'string' ? (row.values[column] as string) : null);
const where = (row: Row) => `${row.table} (${row.dead ? 'dead' : 'live'} row)`;
const UUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function chooseKind(dir: string, kind: AuditOptions['kind']): DatabaseKind {
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new Error(`${dir} is no PGlite or PostgreSQL data directory (it has no PG_VERSION)`);
  if (kind === 'pglite' || kind === 'postgres') return kind;
  return postgresBinaries(dir) ? 'postgres' : 'pglite';
}

async function readRows(dir: string, kind: DatabaseKind, options: AuditOptions): Promise<Row[]> {
  const copy = await copyToTemp(dir);
  try {
    return kind === 'pglite' ? await readPglite(copy.path) : await readPostgres(copy.path, options.superuser ? { superuser: options.superuser } : {});
  } finally {
    await copy.remove();
  }
}

/** Everything the openers share: the keys, what is known per conversation, and what was found. */
class Opening {
  readonly findings: Finding[] = [];
  readonly phones: Array<{ number: string; where: string }> = [];
  readonly byKind: Record<string, number> = {};
  readonly openedBlobs = new Set<string>();
  readonly codeWords = new Set<string>();
  readonly providerIds = new Set<string>();
  readonly v2Unopened = new Set<string>();
  /** Conversation ids seen anywhere in the rows. */
  readonly conversationIds = new Set<string>();
  readonly participantKeys = new Map<string, Set<string>>();
  readonly secretsByConversation = new Map<string, Buffer[]>();
  private readonly v1Keys = new Map<string, Promise<DirectionKeys | null>>();

  constructor(readonly ring: KeyRing) {}

  found(kind: string, blob: string, place: string, plaintext: string): void {
    for (const number of phoneNumbersIn(plaintext)) this.phones.push({ number, where: `${kind} in ${place}` });
    if (this.openedBlobs.has(blob)) return;
    this.openedBlobs.add(blob);
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    this.findings.push({ kind, where: place, plaintext });
  }

  addSecret(conversationId: string, secret: Buffer): void {
    const list = this.secretsByConversation.get(conversationId) ?? [];
    if (!list.some((s) => s.equals(secret))) this.secretsByConversation.set(conversationId, [...list, secret]);
  }

  /** Direction keys of a v1 conversation for every program key and every participant key it may have had. */
  async v1KeysOf(conversationId: string): Promise<DirectionKeys[]> {
    const out: DirectionKeys[] = [];
    for (const participantKey of this.participantKeys.get(conversationId) ?? []) {
      for (const [i, programKey] of allProgramKeys(this.ring).entries()) {
        const cacheKey = `${i}|${participantKey}|${conversationId}`;
        if (!this.v1Keys.has(cacheKey)) this.v1Keys.set(cacheKey, messageKeysV1(programKey, fromBase64Url(participantKey) ?? Buffer.alloc(0), conversationId));
        const keys = await this.v1Keys.get(cacheKey)!;
        if (keys) out.push(keys);
      }
    }
    return out;
  }

  /** A message blob under guessed (conversation id, client id) pairs and senders: web v1, SMS v1, or v2. */
  async message(body: string, bytes: Buffer, ids: Array<[string, string]>, senders: readonly string[], place: string): Promise<boolean> {
    const opened = await this.tryMessage(bytes, ids, senders as readonly Sender[]);
    if (opened) this.found(opened.kind, body, place, opened.text);
    return opened !== null;
  }

  private async tryMessage(bytes: Buffer, ids: Array<[string, string]>, senders: readonly Sender[]): Promise<{ kind: string; text: string } | null> {
    if (bytes[0] === 4) {
      const contexts = ids.flatMap(([conversationId, clientId]) => senders.map((sender) => smsTextContextV1(conversationId, sender, clientId)));
      for (const programKey of allProgramKeys(this.ring)) {
        const text = await openSmsTextV1(programKey, bytes, contexts);
        if (text !== null) return { kind: 'sms_text_v1', text };
      }
      return null;
    }
    for (const [conversationId, clientId] of ids) {
      const keyList = bytes[0] === 1 ? await this.v1KeysOf(conversationId) : (this.secretsByConversation.get(conversationId) ?? []).map((s) => messageKeysV2(s, conversationId));
      const open = bytes[0] === 1 ? openMessageV1 : openMessageV2;
      for (const keys of keyList) {
        for (const sender of senders) {
          const text = open(keys, conversationId, sender, clientId, bytes);
          if (text !== null) return { kind: bytes[0] === 1 ? 'message_v1' : 'message_v2', text };
        }
      }
    }
    return null;
  }

  async escrow(blob: string, bytes: Buffer, conversationIds: Iterable<string>, place: string): Promise<void> {
    const ids = [...conversationIds];
    for (const programKey of allProgramKeys(this.ring)) {
      const opened = await openEscrow(programKey, bytes, ids);
      if (opened) {
        this.addSecret(opened.conversationId, opened.secret);
        this.found('escrow', blob, place, `conversation secret of ${opened.conversationId}`);
        return;
      }
    }
  }

  /** A note is sealed to its receiver's staff key: each receiver whose key we hold, every guessed conversation at once. */
  async transferNote(blob: string, bytes: Buffer, conversationIds: Iterable<string>, receiverIds: Iterable<string>, place: string): Promise<void> {
    const ids = [...conversationIds];
    for (const receiverId of receiverIds) {
      const receiver = this.ring.staff.get(receiverId);
      if (!receiver) continue;
      const note = await openTransferNote(receiver.privateKey, receiverId, bytes, ids, (id) => this.secretsByConversation.get(id) ?? []);
      if (note && 'text' in note) return this.found('transfer_note', blob, place, note.text);
      // Only a staff key could open the outer layer: this is no random run.
      if (note) return void this.v2Unopened.add(blob);
    }
  }

  phoneField(blob: string, bytes: Buffer, smsRowId: string, conversationId: string | null, place: string): boolean {
    for (const serverKey of this.ring.serverKeys) {
      const number = openPhoneV1(serverKey, bytes, smsRowId);
      if (number !== null) return (this.found('phone_v1', blob, place, number), true);
    }
    const candidates = conversationId ? [conversationId] : [...this.secretsByConversation.keys()];
    for (const id of candidates) {
      for (const secret of this.secretsByConversation.get(id) ?? []) {
        const number = openPhoneV2(secret, id, bytes, smsRowId);
        if (number !== null) return (this.found('phone_v2', blob, place, number), true);
      }
    }
    return false;
  }
}

function collectIds(rows: Row[], opening: Opening): void {
  for (const row of rows) {
    for (const [column, value] of Object.entries(row.values)) {
      if (typeof value !== 'string') continue;
      if (row.types[column] === 'uuid') opening.conversationIds.add(value);
      else for (const match of value.matchAll(UUID_TEXT)) opening.conversationIds.add(match[0]);
      for (const number of phoneNumbersIn(value)) opening.phones.push({ number, where: where(row) });
    }
    if (row.table === 'conversations') {
      const [id, key] = [text(row, 'id'), text(row, 'participant_key')];
      if (id && key) opening.participantKeys.set(id, new Set([...(opening.participantKeys.get(id) ?? []), key]));
    }
  }
}

/** A carved 65-byte point may be a participant key: of the conversation whose id is in the bytes before it. */
function linkCarvedKeys(carved: Carved[], opening: Opening): void {
  for (const run of carved) {
    if (!interpretations(run.text).some((b) => b.length === 65 && b[0] === 4)) continue;
    for (const id of run.nearbyIds) opening.participantKeys.set(id, new Set([...(opening.participantKeys.get(id) ?? []), run.text]));
  }
}

async function openRows(rows: Row[], opening: Opening): Promise<void> {
  for (const row of rows.filter((r) => r.table === 'conversations')) {
    const [id, escrow] = [text(row, 'id'), text(row, 'escrow')];
    const bytes = escrow && fromBase64Url(escrow);
    if (id && bytes) await opening.escrow(escrow!, bytes, [id], where(row));
  }
  for (const row of rows) {
    const place = where(row);
    const v = (c: string) => text(row, c);
    if (row.table === 'messages') {
      const [conversationId, sender, clientId, body] = [v('conversation_id'), v('sender'), v('client_id'), v('body')];
      const bytes = body && fromBase64Url(body);
      if (conversationId && sender && clientId && bytes && !(await opening.message(body!, bytes, [[conversationId, clientId]], [sender], place)) && bytes[0] === 2) {
        opening.v2Unopened.add(body!);
      }
    } else if (row.table === 'transfer_notes') {
      const [conversationId, to, sealed] = [v('conversation_id'), v('to_staff_id'), v('sealed')];
      const bytes = sealed && fromBase64Url(sealed);
      if (conversationId && to && bytes) await opening.transferNote(sealed!, bytes, [conversationId], [to], place);
    } else if (row.table === 'sms_conversations') {
      const [id, sealed] = [v('id'), v('phone_sealed')];
      const bytes = sealed && fromBase64Url(sealed);
      if (id && bytes && !opening.phoneField(sealed!, bytes, id, v('conversation_id'), place) && bytes[0] === 2) opening.v2Unopened.add(sealed!);
    } else if (row.table === 'sms_remote_messages') {
      const [id, sealed] = [v('id'), v('message_id_sealed')];
      const bytes = sealed && fromBase64Url(sealed);
      if (id && bytes && opening.ring.serverKeys.some((key) => openRemoteMessageIdV1(key, bytes, id) !== null)) opening.providerIds.add(sealed!);
    } else if (row.table === 'code_words') {
      const [reference, sealed] = [v('reference'), v('sealed')];
      const bytes = sealed && fromBase64Url(sealed);
      if (!reference || !bytes) continue;
      for (const key of allProgramKeys(opening.ring)) {
        if ((await openCodeWord(key, bytes, reference)) !== null) {
          opening.codeWords.add(sealed!);
          break;
        }
      }
    }
  }
}

/** version, nonce, tag, and at most 16 bytes of number. */
const PHONE_BLOB_MAX = 1 + 12 + 16 + 16;

/** Carved runs not already opened as row values, each under the ids found just before it; escrow first, for the secrets it gives. */
async function openCarved(carved: Carved[], opening: Opening): Promise<void> {
  const staffIds = [...opening.ring.staff.keys()];
  const candidates = carved.filter((run) => run.before.length > 0);
  for (const run of candidates) {
    if (opening.openedBlobs.has(run.text)) continue;
    for (const bytes of interpretations(run.text)) {
      if (bytes[0] === 4 && bytes.length > 65 + 29) await opening.escrow(run.text, bytes, run.nearbyIds, `carved from ${run.file}`);
    }
  }
  for (const run of candidates) {
    if (opening.openedBlobs.has(run.text)) continue;
    const place = `carved from ${run.file}`;
    const nearby = run.nearbyIds;
    for (const bytes of interpretations(run.text)) {
      if (bytes[0] === 4 && bytes.length > 65 + 29) {
        await opening.transferNote(run.text, bytes, nearby, staffIds.filter((id) => nearby.has(id)), place);
        if (opening.openedBlobs.has(run.text)) break;
      }
      // A sealed phone number is short (a row id precedes it in its tuple); v1 opens with the server key alone.
      if ((bytes[0] === 1 || bytes[0] === 2) && bytes.length <= PHONE_BLOB_MAX) {
        for (const id of nearby) if (opening.phoneField(run.text, bytes, id, null, place)) break;
        if (opening.openedBlobs.has(run.text)) break;
      }
      // A web message needs its conversation's participant key or secret; an SMS text only the program key.
      const pairs = run.nearbyMessageIds;
      const ids = bytes[0] === 4 ? pairs : pairs.filter(([id]) => opening.participantKeys.has(id) || opening.secretsByConversation.has(id));
      if (bytes.length >= 1 + 12 + 256 + 16 && ids.length > 0 && (await opening.message(run.text, bytes, ids, SENDERS, place))) break;
    }
  }
}

export async function audit(dir: string, options: AuditOptions = {}): Promise<AuditReport> {
  const log = options.log ?? (() => {});
  const secrets = options.secrets ?? NO_SECRETS;
  const kind = chooseKind(dir, options.kind);
  log(`reading every tuple of every table with pageinspect (${kind})`);
  const rows = await readRows(dir, kind, options);
  log(`carving base64url and hex runs from every file of ${dir}`);
  const carve = await carveDirectory(dir);
  log('deriving keys from the given secrets and the rows');
  const ring = await deriveKeys(rows, secrets, log);
  const carved = [...carve.runs.values()];
  const epochs = rows.filter((r) => r.table === 'program_keys' || r.table === 'key_grants').map((r) => r.values.epoch);
  const fromCarving = await addCarvedGrants(ring, carved, Math.max(1, ...epochs.filter((e): e is number => typeof e === 'number')));
  if (fromCarving > 0) log(`${fromCarving} more program keys from carved grants`);
  const opening = new Opening(ring);
  collectIds(rows, opening);
  linkCarvedKeys(carved, opening);
  log('opening row values');
  await openRows(rows, opening);
  log('opening carved runs');
  await openCarved(carved, opening);
  for (const phone of carve.phones) opening.phones.push({ number: phone.number, where: `raw bytes of ${phone.file}` });

  return {
    database: kind,
    tables: new Set(rows.map((r) => `${r.database}.${r.table}`)).size,
    rows_read: rows.length,
    dead_rows: rows.filter((r) => r.dead).length,
    files: carve.files,
    bytes_scanned: carve.bytes,
    carved: carve.carved,
    staff_keys: ring.staff.size,
    program_keys: allProgramKeys(ring).length,
    server_keys: ring.serverKeys.length,
    totp_secrets: ring.totpSecrets,
    conversation_secrets: [...opening.secretsByConversation.values()].flat().length,
    opened: opening.openedBlobs.size,
    opened_by_kind: opening.byKind,
    phone_numbers: new Set(opening.phones.map((p) => p.number)).size,
    kept_code_words: opening.codeWords.size,
    provider_message_ids: opening.providerIds.size,
    v2_unopened: opening.v2Unopened.size,
    findings: opening.findings,
    phones: opening.phones,
  };
}
