import { hkdfSync } from 'node:crypto';
import { verify } from 'otplib';
import { Vault } from '../sms/vault';

const PERIOD_SECONDS = 30;

/**
 * Staff TOTP secrets, kept sealed under a key derived from the program's server secret. This is a
 * server-side secret by design: a second factor is about sign-in, not content, and the server must
 * check codes. A database copy alone does not yield the secrets unless it includes the program row.
 */
export class TotpSecrets {
  private readonly vault: Vault;

  constructor(serverSecret: string) {
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'base64url'), Buffer.alloc(0), 'lantern/v1/staff-totp', 32));
    this.vault = new Vault(key);
  }

  seal(secret: string, staffId: string): string {
    return this.vault.seal(secret, context(staffId));
  }

  open(sealed: string, staffId: string): string {
    return this.vault.open(sealed, context(staffId));
  }
}

/**
 * The time step a code matched, or null. `window` steps either side of now count (clocks drift,
 * people type slowly); steps at or before `afterStep` are refused, so each code works once. Wall
 * time, not the app's clock: the authenticator app runs on real time.
 */
export async function checkCode(secret: string, code: string | undefined, afterStep: number | null, window: number): Promise<number | null> {
  if (!code) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(Date.now() / 1000),
    epochTolerance: window * PERIOD_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  // The result type covers HOTP too; a TOTP match always carries its time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

const context = (staffId: string) => `staff-totp|${staffId}`;
