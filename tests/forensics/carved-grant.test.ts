import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import { audit } from '../../tools/forensics/audit';

/**
 * A program key grant whose row was deleted and vacuumed away (a member deactivated) still sits in
 * the WAL: with the member's password the auditor carves it, opens the program key of that epoch,
 * and with it what that key sealed (here a code word).
 */

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('opens a program key from a grant only the carved WAL still holds', async () => {
  dir = await mkdtemp(join(tmpdir(), 'lantern-forensics-grant-'));
  const [username, password, staffId, reference] = ['blake', 'blake long password', randomUUID(), 'K7M2P9QX'];
  const salt = lc.newSalt();
  // A low PBKDF2 cost keeps the test fast; the auditor takes the cost from the row, as the console does.
  const { wrappingKey } = await lc.derivePasswordKeys(password, salt, 1000);
  const staffKey = await lc.generateKeyPair(true);
  const program = await lc.generateKeyPair(true);
  const db = await PGlite.create({ dataDir: join(dir, 'data') });
  await db.exec(`
    create table staff (id uuid primary key, username text, kdf_salt text, kdf_iterations int, wrapped_private_key text);
    create table key_grants (staff_id uuid, epoch int, sealed text);
    create table code_words (reference text primary key, sealed text, epoch int);`);
  await db.query('insert into staff values ($1, $2, $3, 1000, $4)', [staffId, username, salt, await lc.wrapPrivateKey(staffKey.privateKey, wrappingKey, username)]);
  await db.query('insert into key_grants values ($1, 2, $2)', [staffId, await lc.sealPrivateKey(program.privateKey, staffKey.publicKey, lc.programKeyContext(2))]);
  await db.query('insert into code_words values ($1, $2, 2)', [reference, await lc.sealCodeWord(program.publicKey, reference, 'harbour')]);
  await db.query('delete from key_grants');
  await db.query('vacuum');
  await db.query('checkpoint');
  await db.close();

  const report = await audit(join(dir, 'data'), { kind: 'pglite', secrets: { staff: [{ username, password }], programKeys: [] } });
  expect(report.dead_rows).toBe(0);
  expect(report.staff_keys).toBe(1);
  expect(report.program_keys).toBe(1);
  expect(report.kept_code_words).toBe(1);
}, 120_000);
