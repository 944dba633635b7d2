import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;

/**
 * What the server itself may read back: a phone number while its conversation is open, and the
 * provider's message ids until the provider has deleted them. AES-256-GCM and HMAC-SHA-256 under
 * keys derived from the server key, so neither key opens the other's data.
 */
export class Vault {
  private readonly sealKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(serverKey: Buffer) {
    if (serverKey.length !== 32) throw new Error('the server key is 32 bytes');
    this.sealKey = derive(serverKey, 'lantern/v1/sms-seal');
    this.hashKey = derive(serverKey, 'lantern/v1/sms-hash');
  }

  /** `context` binds the ciphertext to its row and purpose: a value moved elsewhere fails to open. */
  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  open(sealed: string, context: string): string {
    const blob = Buffer.from(sealed, 'base64url');
    if (blob.length < 1 + 12 + 16 || blob[0] !== VERSION) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, blob.subarray(1, 13));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([decipher.update(blob.subarray(13, blob.length - 16)), decipher.final()]).toString('utf8');
  }

  /** A keyed hash: finds a row by a value without keeping the value (a bare hash of a phone number is easy to reverse). */
  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.hashKey).update(`${purpose}|${value}`).digest('base64url');
  }

  /** A stable UUID from a keyed hash, for message client ids derived from a provider's message id. */
  uuid(purpose: string, value: string): string {
    const bytes = createHmac('sha256', this.hashKey).update(`${purpose}|${value}`).digest().subarray(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8: custom
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

const derive = (key: Buffer, info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));

export const newServerKey = (): Buffer => randomBytes(32);

/** The seal contexts of the two things the vault keeps, each bound to its row. */
export const phoneContext = (smsRowId: string) => `phone|${smsRowId}`;
export const remoteMessageContext = (rowId: string) => `remote-message|${rowId}`;
