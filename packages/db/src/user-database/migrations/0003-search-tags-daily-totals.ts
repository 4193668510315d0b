import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Tags index (`tags`, `entry_tags`), per-day totals (`daily_totals`), the guard refusing entries
 * in a missing or archived account, FTS5 search over entries, and back-fills for existing rows.
 * Frozen: this text is what the migration created when it was released. Never edit it; change
 * the schema in a new migration (see `user-migrations.ts`).
 */
const STATEMENTS: readonly string[] = [
  `CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)`,
  `CREATE TABLE entry_tags (
      entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES tags (id),
      PRIMARY KEY (entry_id, tag_id)
    ) WITHOUT ROWID`,
  `CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id)`,
  `CREATE TABLE daily_totals (
      account_id INTEGER NOT NULL,
      date TEXT NOT NULL,
      delta INTEGER NOT NULL,
      entry_count INTEGER NOT NULL,
      PRIMARY KEY (account_id, date)
    ) WITHOUT ROWID`,
  `CREATE INDEX daily_totals_date ON daily_totals (date, account_id)`,
  `CREATE TRIGGER entries_guard_insert BEFORE INSERT ON entries WHEN NOT EXISTS (SELECT 1 FROM accounts WHERE id = NEW.account_id AND archived = 0)
     BEGIN SELECT RAISE(ABORT, 'COFFER_DB_ACCOUNT_UNAVAILABLE'); END`,
  `CREATE TRIGGER entries_guard_move BEFORE UPDATE OF account_id ON entries
     WHEN NEW.account_id IS NOT OLD.account_id AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = NEW.account_id AND archived = 0)
     BEGIN SELECT RAISE(ABORT, 'COFFER_DB_ACCOUNT_UNAVAILABLE'); END`,
  `CREATE TRIGGER entries_tags_insert AFTER INSERT ON entries WHEN NEW.tags <> '[]' BEGIN 
  INSERT INTO tags (name) SELECT value FROM json_each(NEW.tags) WHERE true ON CONFLICT (name) DO NOTHING;
  INSERT INTO entry_tags (entry_id, tag_id)
    SELECT NEW.id, t.id FROM tags t WHERE t.name IN (SELECT value FROM json_each(NEW.tags)); END`,
  `CREATE TRIGGER entries_tags_update AFTER UPDATE OF tags ON entries BEGIN
      DELETE FROM entry_tags WHERE entry_id = OLD.id; 
  INSERT INTO tags (name) SELECT value FROM json_each(NEW.tags) WHERE true ON CONFLICT (name) DO NOTHING;
  INSERT INTO entry_tags (entry_id, tag_id)
    SELECT NEW.id, t.id FROM tags t WHERE t.name IN (SELECT value FROM json_each(NEW.tags)); END`,
  `CREATE TRIGGER entries_tags_delete AFTER DELETE ON entries BEGIN DELETE FROM entry_tags WHERE entry_id = OLD.id; END`,
  `CREATE TRIGGER entries_totals_insert AFTER INSERT ON entries BEGIN 
  INSERT INTO daily_totals (account_id, date, delta, entry_count)
    VALUES (NEW.account_id, NEW.date, NEW.amount, 1)
    ON CONFLICT (account_id, date) DO UPDATE SET
      delta = delta + excluded.delta, entry_count = entry_count + 1; END`,
  `CREATE TRIGGER entries_totals_update AFTER UPDATE OF account_id, date, amount ON entries BEGIN
      
  UPDATE daily_totals SET delta = delta - OLD.amount, entry_count = entry_count - 1
    WHERE account_id = OLD.account_id AND date = OLD.date;
  DELETE FROM daily_totals WHERE account_id = OLD.account_id AND date = OLD.date AND entry_count = 0; 
  INSERT INTO daily_totals (account_id, date, delta, entry_count)
    VALUES (NEW.account_id, NEW.date, NEW.amount, 1)
    ON CONFLICT (account_id, date) DO UPDATE SET
      delta = delta + excluded.delta, entry_count = entry_count + 1; END`,
  `CREATE TRIGGER entries_totals_delete AFTER DELETE ON entries BEGIN 
  UPDATE daily_totals SET delta = delta - OLD.amount, entry_count = entry_count - 1
    WHERE account_id = OLD.account_id AND date = OLD.date;
  DELETE FROM daily_totals WHERE account_id = OLD.account_id AND date = OLD.date AND entry_count = 0; END`,
  `INSERT INTO tags (name) SELECT DISTINCT j.value FROM entries e, json_each(e.tags) j WHERE true
     ON CONFLICT (name) DO NOTHING`,
  `INSERT OR IGNORE INTO entry_tags (entry_id, tag_id)
     SELECT e.id, t.id FROM entries e, json_each(e.tags) j JOIN tags t ON t.name = j.value`,
  `INSERT INTO daily_totals (account_id, date, delta, entry_count)
     SELECT account_id, date, SUM(amount), COUNT(*) FROM entries GROUP BY account_id, date`,
  `CREATE VIRTUAL TABLE entries_fts USING fts5(
      payee, memo, category,
      content = 'entries', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )`,
  `CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
      INSERT INTO entries_fts (rowid, payee, memo, category) VALUES (NEW.id, NEW.payee, NEW.memo, coalesce(NEW.category, '')); END`,
  `CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
      INSERT INTO entries_fts (entries_fts, rowid, payee, memo, category) VALUES ('delete', OLD.id, OLD.payee, OLD.memo, coalesce(OLD.category, '')); END`,
  `CREATE TRIGGER entries_fts_update AFTER UPDATE OF payee, memo, category ON entries BEGIN
      INSERT INTO entries_fts (entries_fts, rowid, payee, memo, category) VALUES ('delete', OLD.id, OLD.payee, OLD.memo, coalesce(OLD.category, ''));
      INSERT INTO entries_fts (rowid, payee, memo, category) VALUES (NEW.id, NEW.payee, NEW.memo, coalesce(NEW.category, '')); END`,
  `INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')`,
];

/** Migration `0003-search-tags-daily-totals`. */
export const searchTagsDailyTotals: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
};
