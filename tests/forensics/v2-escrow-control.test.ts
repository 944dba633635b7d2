import { createCipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import { audit, type AuditReport } from '../../tools/forensics/audit';

/**
 * The second control of issue 11's disk-forensics test: the auditor opens a v2 conversation the
 * program chose to keep (retention escrow), and nothing of one it did not. The v2 blobs are made
 * here from the v2 formats (docs/forensics.md, issue 11) with node:crypto, the escrow with packages/crypto's seal;
 * the rows are deleted and checkpointed before the audit, as a closed conversation's are.
 */

const KEPT = 'Kept under escrow: قمر 月亮 moon';
const GONE = 'Retention 0: this must not open';
/** Padded to 16 KB, its ciphertext is stored out of line (TOAST) and read back from the chunks. */
const LONG = `Long and kept: ${'moon 月亮 قمر '.repeat(600)}`;
const PHONE = '+15555550199';

const hkdf = (ikm: Uint8Array, salt: string, info: string) => Buffer.from(hkdfSync('sha256', ikm, Buffer.from(salt), Buffer.from(info), 32));

function v2Blob(key: Buffer, plaintext: Buffer, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([Buffer.of(2), nonce, body]).toString('base64url');
}

function padded(json: object): Buffer {
  const bytes = Buffer.from(JSON.stringify(json));
  let size = 256;
  while (size < bytes.length + 1) size *= 2;
  const out = Buffer.alloc(size);
  bytes.copy(out);
  out[bytes.length] = 0x80;
  return out;
}

const message = (secret: Buffer, conversationId: string, sender: string, clientId: string, text: string) =>
  v2Blob(hkdf(secret, conversationId, `lantern/v2/message/${sender}`), padded({ text }), `lantern/v2|${conversationId}|${sender}|${clientId}`);

describe('forensics control: v2 under retention escrow', () => {
  let dir = '';
  let report: AuditReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lantern-forensics-v2-escrow-'));
    const program = await lc.generateKeyPair(true);
    const db = await PGlite.create({ dataDir: join(dir, 'data') });
    await db.exec(`
      create table conversations (id uuid primary key, channel text, participant_key text, epoch int, escrow text);
      create table messages (conversation_id uuid, seq int, client_id uuid, sender text, staff_id uuid, body text);
      create table sms_conversations (id uuid primary key, conversation_id uuid, phone_sealed text);`);
    for (const kept of [true, false]) {
      const id = randomUUID();
      const secret = randomBytes(32);
      const escrow = kept ? await lc.seal(program.publicKey, Uint8Array.from(secret), `conversation-escrow/${id}`) : null;
      await db.query('insert into conversations values ($1, $2, $3, 1, $4)', [id, 'sms', 'BAAA', escrow]);
      for (const [seq, sender] of ['participant', 'staff'].entries()) {
        const clientId = randomUUID();
        await db.query('insert into messages values ($1, $2, $3, $4, null, $5)', [id, seq + 1, clientId, sender, message(secret, id, sender, clientId, kept ? KEPT : GONE)]);
      }
      const clientId = randomUUID();
      await db.query('insert into messages values ($1, 3, $2, $3, null, $4)', [id, clientId, 'participant', message(secret, id, 'participant', clientId, kept ? LONG : GONE)]);
      const smsId = randomUUID();
      const phone = v2Blob(hkdf(secret, id, 'lantern/v2/sms-phone'), Buffer.from(kept ? PHONE : '+15555550100'), `phone|${smsId}`);
      await db.query('insert into sms_conversations values ($1, $2, $3)', [smsId, id, phone]);
    }
    await db.exec('delete from messages; delete from sms_conversations; delete from conversations;');
    await db.query('checkpoint');
    await db.close();
    const privateKeyPkcs8 = lc.toBase64Url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', program.privateKey)));
    report = await audit(join(dir, 'data'), { kind: 'pglite', secrets: { staff: [], programKeys: [{ epoch: 1, privateKeyPkcs8 }] } });
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens the escrowed conversation from its dead rows: secret, messages (one out of line), the number', () => {
    expect(report.dead_rows).toBeGreaterThanOrEqual(10);
    expect(report.conversation_secrets).toBe(1);
    expect(report.opened_by_kind).toEqual({ escrow: 1, message_v2: 3, phone_v2: 1 });
    expect(report.findings.filter((f) => f.kind === 'message_v2').map((f) => f.plaintext)).toEqual([KEPT, KEPT, LONG]);
    expect(report.phones.map((p) => p.number)).toEqual([PHONE]);
  });

  it('opens nothing of the conversation kept under no escrow, and says so', () => {
    expect(report.findings.map((f) => f.plaintext)).not.toContain(GONE);
    expect(report.phone_numbers).toBe(1);
    expect(report.v2_unopened).toBe(4);
  });
});
