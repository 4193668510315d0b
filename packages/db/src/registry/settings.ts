import type { Kysely } from 'kysely';
import type { GlobalDatabase } from './registry-schema.js';
import { assertSettingKey, type SettingValue, toSettingJson } from './setting-json.js';

export type { SettingValue } from './setting-json.js';

/** Server settings kept in the global DB (never secrets: the global DB is not encrypted). */
export interface SettingsStore {
  /** The value of `key`, or `undefined`. */
  get(key: string): Promise<SettingValue | undefined>;
  /** Sets `key` to a JSON value; anything JSON cannot hold exactly is `InvalidInputError`. */
  set(key: string, value: SettingValue): Promise<void>;
}

/** Builds the settings store over the global DB. */
export function createSettingsStore(db: Kysely<GlobalDatabase>): SettingsStore {
  return {
    async get(key) {
      assertSettingKey(key);
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as SettingValue) : undefined;
    },
    async set(key, value) {
      assertSettingKey(key);
      const json = toSettingJson(value);
      const updatedAt = Date.now();
      await db
        .insertInto('settings')
        .values({ key, value: json, updated_at: updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: updatedAt }))
        .execute();
    },
  };
}
