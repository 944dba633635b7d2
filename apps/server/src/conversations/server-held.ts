import {
  exportPublicKey,
  fromBase64Url,
  generateKeyPair,
  importPublicKey,
  newConversationSecret,
  sealSecretFromParticipant,
  toBase64Url,
} from '@lantern/crypto';
import type { KeyGrantFrame } from '@lantern/protocol';
import type { Redis } from 'ioredis';
import { programKeyOfEpoch } from '../program/store';
import type { Db } from '../store/db';
import type { ConversationRow } from '../store/schema';

/*
 * For a text conversation the server is the texter's end: it makes the conversation secret S and
 * the key pair E a participant's page would, and keeps them where no disk sees them: this
 * process's memory, or, with several nodes, Redis with persistence off (checked at start). Staff
 * devices get S from here as they would from a page, sealed to their one-conversation key.
 */

interface Held {
  secret: Uint8Array<ArrayBuffer>;
  /** E's private key, PKCS #8. */
  participantPrivate: Uint8Array<ArrayBuffer>;
  participantKey: string;
}

/** Where the held secrets live: memory of one node, or Redis shared by all. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Sets only when absent; answers what is there afterwards. */
  setOnce(key: string, value: string): Promise<string>;
  delete(key: string): Promise<void>;
}

export function memorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    setOnce: async (key, value) => {
      if (!values.has(key)) values.set(key, value);
      return values.get(key)!;
    },
    delete: async (key) => void values.delete(key),
  };
}

export function redisSecretStore(redis: Redis, prefix: string): SecretStore {
  return {
    get: (key) => redis.get(`${prefix}:${key}`),
    set: async (key, value) => void (await redis.set(`${prefix}:${key}`, value)),
    setOnce: async (key, value) => {
      await redis.set(`${prefix}:${key}`, value, 'NX');
      return (await redis.get(`${prefix}:${key}`)) ?? value;
    },
    delete: async (key) => void (await redis.del(`${prefix}:${key}`)),
  };
}

/**
 * Refuses a Redis that writes to disk: a secret in an RDB snapshot or an append-only file would
 * outlive the conversation, which is exactly what keeping it out of the database is for.
 */
export async function assertRedisKeepsNothing(redis: Redis): Promise<void> {
  const [, save] = (await redis.config('GET', 'save')) as [string, string];
  const [, appendonly] = (await redis.config('GET', 'appendonly')) as [string, string];
  if ((save ?? '').trim() !== '' || appendonly === 'yes') {
    throw new Error(
      `Redis keeps data on disk (save "${save}", appendonly ${appendonly}). Lantern keeps text conversations' keys in Redis and they must never reach a disk: start Redis with --save "" --appendonly no.`,
    );
  }
}

export class ServerHeldSecrets {
  constructor(
    private readonly db: Db,
    private readonly store: SecretStore,
  ) {}

  /**
   * A new conversation's S and E; E's public key goes into the conversation row as a page's would.
   * `smsId` names the number's row, which loses its conversation id at close before the end notice.
   */
  async create(conversationId: string, smsId: string): Promise<{ participantKey: string; secret: Uint8Array<ArrayBuffer> }> {
    const pair = await generateKeyPair(true);
    const participantKey = await exportPublicKey(pair.publicKey);
    const participantPrivate = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    const secret = newConversationSecret();
    await this.store.set(
      `conversation:${conversationId}`,
      JSON.stringify({ s: toBase64Url(secret), e: toBase64Url(participantPrivate), k: participantKey }),
    );
    await this.store.set(`text:${smsId}`, conversationId);
    return { participantKey, secret };
  }

  /** The conversation a text number's row belonged to, while its secret is held. */
  conversationOfText(smsId: string): Promise<string | null> {
    return this.store.get(`text:${smsId}`);
  }

  /** S of a conversation, or null when it was never made here or was lost (a restart without Redis). */
  async secretOf(conversationId: string): Promise<Uint8Array<ArrayBuffer> | null> {
    return (await this.held(conversationId))?.secret ?? null;
  }

  async drop(conversationId: string, smsId: string): Promise<void> {
    await this.store.delete(`conversation:${conversationId}`);
    await this.store.delete(`text:${smsId}`);
  }

  /** S sealed to a staff device, as a participant's page would answer its request; null when S is gone. */
  async grant(row: ConversationRow, deviceKey: string): Promise<KeyGrantFrame | null> {
    const held = await this.held(row.id);
    const programKey = await programKeyOfEpoch(this.db, row.epoch);
    if (!held || !programKey || held.participantKey !== row.participant_key) return null;
    const participant = await crypto.subtle.importKey('pkcs8', held.participantPrivate, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const sealed = await sealSecretFromParticipant(held.secret, participant, await importPublicKey(programKey.public_key), await importPublicKey(deviceKey), {
      conversationId: row.id,
      fromPublic: held.participantKey,
      toPublic: deviceKey,
    });
    return { type: 'key_grant', conversationId: row.id, deviceKey, fromKey: held.participantKey, sealed };
  }

  /**
   * A key of this deployment's lifetime for looking up a texter's open conversation by number (a
   * keyed hash): kept with the secrets, so a copy of the database cannot test numbers against it.
   */
  async lookupKey(): Promise<Uint8Array<ArrayBuffer>> {
    return fromBase64Url(await this.store.setOnce('sms-lookup-key', toBase64Url(newConversationSecret())));
  }

  private async held(conversationId: string): Promise<Held | null> {
    const raw = await this.store.get(`conversation:${conversationId}`);
    if (!raw) return null;
    const { s, e, k } = JSON.parse(raw) as { s: string; e: string; k: string };
    return { secret: fromBase64Url(s), participantPrivate: fromBase64Url(e), participantKey: k };
  }
}
