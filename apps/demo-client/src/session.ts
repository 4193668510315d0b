import { type CofferClient, isCofferError } from '@coffer/client';

/** A demo user's credentials. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Logs `credentials` in, creating the user on first use. A wrong password for an existing user
 * rejects with the login error (`COFFER_API_LOGIN_FAILED`). Returns whether the user was created.
 */
export async function logInOrRegister(client: CofferClient, options: Credentials): Promise<boolean> {
  const credentials = { username: options.username, password: options.password };
  try {
    await client.login(credentials);
    return false;
  } catch (loginError) {
    if (!isCofferError(loginError, 'COFFER_API_LOGIN_FAILED')) throw loginError;
    try {
      const { token } = await client.trpc.auth.register.mutate(credentials);
      client.setToken(token);
      return true;
    } catch (registerError) {
      // The user exists: the password was wrong.
      if (isCofferError(registerError, 'COFFER_DB_USERNAME_TAKEN')) throw loginError;
      throw registerError;
    }
  }
}
