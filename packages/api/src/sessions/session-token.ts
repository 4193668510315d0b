import { createHash, randomBytes } from 'node:crypto';

/** Random bytes in a session token: 256 bits. */
export const TOKEN_BYTES = 32;

/** A new bearer token: 256 random bits, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The only form in which a token is kept: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
