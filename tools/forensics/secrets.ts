import { readFile } from 'node:fs/promises';

/**
 * What an auditor may be handed besides the data directory (docs/forensics.md): every long-term
 * secret of the instance and its people. All optional; unknown fields are kept and ignored.
 */
export interface Secrets {
  /** Every staff account's password, and its TOTP secret when known. */
  staff: Array<{ username: string; password: string; totpSecret?: string }>;
  /** Program private keys given directly (PKCS#8, base64url), by epoch. */
  programKeys: Array<{ epoch: number; privateKeyPkcs8: string }>;
  /** SERVER_KEY as set in the environment (base64url, 32 bytes). */
  serverKey?: string;
  /** Any other setting or secret the instance ran with, by name (not used to open anything today). */
  settings?: Record<string, string>;
}

export const NO_SECRETS: Secrets = { staff: [], programKeys: [] };

export class SecretsFormatError extends Error {
  override name = 'SecretsFormatError';
}

export function parseSecrets(json: unknown): Secrets {
  if (typeof json !== 'object' || json === null) throw new SecretsFormatError('the secrets file is not a JSON object');
  const raw = json as Record<string, unknown>;
  const staff = raw.staff ?? [];
  const programKeys = raw.programKeys ?? [];
  if (!Array.isArray(staff) || !staff.every((s) => typeof s?.username === 'string' && typeof s?.password === 'string')) {
    throw new SecretsFormatError('staff must be a list of {username, password, totpSecret?}');
  }
  if (!Array.isArray(programKeys) || !programKeys.every((k) => Number.isInteger(k?.epoch) && typeof k?.privateKeyPkcs8 === 'string')) {
    throw new SecretsFormatError('programKeys must be a list of {epoch, privateKeyPkcs8}');
  }
  if (raw.serverKey !== undefined && typeof raw.serverKey !== 'string') throw new SecretsFormatError('serverKey must be a base64url string');
  return { ...(raw as object), staff, programKeys } as Secrets;
}

export async function readSecrets(path: string): Promise<Secrets> {
  return parseSecrets(JSON.parse(await readFile(path, 'utf8')));
}
