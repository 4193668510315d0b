/**
 * SQLite-only: triggers that keep derived tables in step with `entries` inside the writing
 * transaction — the tag index (`tags`, `entry_tags`), the per-day totals behind balance reports
 * (`daily_totals`), and the guard that refuses entries in a missing or archived account.
 */

/** Message raised by the account guard; mapped to `AccountUnavailableError`. */
export const ACCOUNT_UNAVAILABLE_MESSAGE = 'COFFER_DB_ACCOUNT_UNAVAILABLE';

const accountMissingOrArchived = (ref: string) =>
  `NOT EXISTS (SELECT 1 FROM accounts WHERE id = ${ref}.account_id AND archived = 0)`;

const insertTags = (ref: string) => `
  INSERT INTO tags (name) SELECT value FROM json_each(${ref}.tags) WHERE true ON CONFLICT (name) DO NOTHING;
  INSERT INTO entry_tags (entry_id, tag_id)
    SELECT ${ref}.id, t.id FROM tags t WHERE t.name IN (SELECT value FROM json_each(${ref}.tags));`;

const addToDailyTotals = (ref: string) => `
  INSERT INTO daily_totals (account_id, date, delta, entry_count)
    VALUES (${ref}.account_id, ${ref}.date, ${ref}.amount, 1)
    ON CONFLICT (account_id, date) DO UPDATE SET
      delta = delta + excluded.delta, entry_count = entry_count + 1;`;

const removeFromDailyTotals = (ref: string) => `
  UPDATE daily_totals SET delta = delta - ${ref}.amount, entry_count = entry_count - 1
    WHERE account_id = ${ref}.account_id AND date = ${ref}.date;
  DELETE FROM daily_totals WHERE account_id = ${ref}.account_id AND date = ${ref}.date AND entry_count = 0;`;

/** DDL of tags, daily totals and the account guard, plus back-fills for existing rows (migration 0003). */
export function ledgerTriggersDdl(): string[] {
  return [
    'CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)',
    `CREATE TABLE entry_tags (
      entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES tags (id),
      PRIMARY KEY (entry_id, tag_id)
    ) WITHOUT ROWID`,
    'CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id)',
    `CREATE TABLE daily_totals (
      account_id INTEGER NOT NULL,
      date TEXT NOT NULL,
      delta INTEGER NOT NULL,
      entry_count INTEGER NOT NULL,
      PRIMARY KEY (account_id, date)
    ) WITHOUT ROWID`,
    'CREATE INDEX daily_totals_date ON daily_totals (date, account_id)',
    `CREATE TRIGGER entries_guard_insert BEFORE INSERT ON entries WHEN ${accountMissingOrArchived('NEW')}
     BEGIN SELECT RAISE(ABORT, '${ACCOUNT_UNAVAILABLE_MESSAGE}'); END`,
    `CREATE TRIGGER entries_guard_move BEFORE UPDATE OF account_id ON entries
     WHEN NEW.account_id IS NOT OLD.account_id AND ${accountMissingOrArchived('NEW')}
     BEGIN SELECT RAISE(ABORT, '${ACCOUNT_UNAVAILABLE_MESSAGE}'); END`,
    `CREATE TRIGGER entries_tags_insert AFTER INSERT ON entries WHEN NEW.tags <> '[]' BEGIN ${insertTags('NEW')} END`,
    `CREATE TRIGGER entries_tags_update AFTER UPDATE OF tags ON entries BEGIN
      DELETE FROM entry_tags WHERE entry_id = OLD.id; ${insertTags('NEW')} END`,
    'CREATE TRIGGER entries_tags_delete AFTER DELETE ON entries BEGIN DELETE FROM entry_tags WHERE entry_id = OLD.id; END',
    `CREATE TRIGGER entries_totals_insert AFTER INSERT ON entries BEGIN ${addToDailyTotals('NEW')} END`,
    `CREATE TRIGGER entries_totals_update AFTER UPDATE OF account_id, date, amount ON entries BEGIN
      ${removeFromDailyTotals('OLD')} ${addToDailyTotals('NEW')} END`,
    `CREATE TRIGGER entries_totals_delete AFTER DELETE ON entries BEGIN ${removeFromDailyTotals('OLD')} END`,
    // Back-fill rows written before this migration.
    `INSERT INTO tags (name) SELECT DISTINCT j.value FROM entries e, json_each(e.tags) j WHERE true
     ON CONFLICT (name) DO NOTHING`,
    `INSERT OR IGNORE INTO entry_tags (entry_id, tag_id)
     SELECT e.id, t.id FROM entries e, json_each(e.tags) j JOIN tags t ON t.name = j.value`,
    `INSERT INTO daily_totals (account_id, date, delta, entry_count)
     SELECT account_id, date, SUM(amount), COUNT(*) FROM entries GROUP BY account_id, date`,
  ];
}
