import { InvalidPasswordError, InvalidUsernameError, WrongPasswordError } from '../errors.js';
import { isWellFormed } from '../validation/ledger-values.js';

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

/** Longest password accepted anywhere (longer ones are refused before any key derivation). */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * Checks a new password — a well-formed string of 8 to 1024 characters — and returns it in
 * Unicode NFC, the form every password is derived from (so `é` typed as one or two code points
 * opens the same ledger).
 */
export function assertNewPassword(password: unknown): string {
  if (
    typeof password !== 'string' ||
    password.length < MIN_PASSWORD_LENGTH ||
    password.length > MAX_PASSWORD_LENGTH
  ) {
    throw new InvalidPasswordError(
      `must be a string of ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
  if (!isWellFormed(password))
    throw new InvalidPasswordError('must be well-formed Unicode (no lone surrogates)');
  return password.normalize('NFC');
}

/**
 * Prepares a password offered to open something (unlock, old password, restore): a non-string,
 * empty or over-long one is simply wrong (`WrongPasswordError`), an ill-formed one is refused
 * (`InvalidPasswordError`), anything else is returned in NFC.
 */
export function normalizeOfferedPassword(password: unknown): string {
  if (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH) {
    throw new WrongPasswordError();
  }
  if (!isWellFormed(password))
    throw new InvalidPasswordError('must be well-formed Unicode (no lone surrogates)');
  return password.normalize('NFC');
}
