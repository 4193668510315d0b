import type { Kysely } from 'kysely';
import type { GlobalDatabase } from './registry-schema.js';

/** JSON-serialisable setting value. */
export type SettingValue =
  | string
  | number
  | boolean
  | null
  | SettingValue[]
  | { [key: string]: SettingValue };

/** Server settings kept in the global DB (never secrets: the global DB is not encrypted). */
export interface SettingsStore {
  /** The value of `key`, or `undefined`. */
  get(key: string): Promise<SettingValue | undefined>;
  /** Sets `key` to a JSON value. */
  set(key: string, value: SettingValue): Promise<void>;
}

/** Builds the settings store over the global DB. */
export function createSettingsStore(db: Kysely<GlobalDatabase>): SettingsStore {
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as SettingValue) : undefined;
    },
    async set(key, value) {
      const json = JSON.stringify(value);
      const updatedAt = Date.now();
      await db
        .insertInto('settings')
        .values({ key, value: json, updated_at: updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: updatedAt }))
        .execute();
    },
  };
}
