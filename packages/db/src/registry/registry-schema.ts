/** `users`: the registry. No password, no key — only what is needed to find the user's file. */
export interface UsersTable {
  id: string;
  username: string;
  db_file: string;
  created_at: number;
  last_login_at: number | null;
  /** Set while a password change runs: the pre-rekey backup file to recover from. */
  pending_rekey_backup: string | null;
}

/** `login_throttle`: failed-login counters per key (username, IP…). */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

/** `settings`: server settings as JSON values. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

/** The plain (unencrypted) global database. */
export interface GlobalDatabase {
  users: UsersTable;
  login_throttle: LoginThrottleTable;
  settings: SettingsTable;
}
