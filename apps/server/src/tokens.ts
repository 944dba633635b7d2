import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit bearer secret. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as hashes, so a database copy does not let anyone act as their holder. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
