import { InvalidPasswordError, InvalidUsernameError } from '../errors.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/**
 * Normalizes a username — trim, Unicode NFKC, lower case — and checks it against
 * `^[a-z0-9][a-z0-9._-]{2,31}$`, so look-alike spellings map to one account.
 */
export function normalizeUsername(username: unknown): string {
  if (typeof username !== 'string') throw new InvalidUsernameError('must be a string');
  const normalized = username.trim().normalize('NFKC').toLowerCase();
  if (!USERNAME.test(normalized)) {
    throw new InvalidUsernameError(
      '3–32 characters: a–z, 0–9, dot, dash, underscore; starting with a letter or digit',
    );
  }
  return normalized;
}

/** Minimum password length accepted by `createUser` and `changePassword`. */
export const MIN_PASSWORD_LENGTH = 8;

/** Checks a new password: a string of at least 8 and at most 1024 characters. */
export function assertNewPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > 1024) {
    throw new InvalidPasswordError(`must be a string of ${MIN_PASSWORD_LENGTH} to 1024 characters`);
  }
  return password;
}
