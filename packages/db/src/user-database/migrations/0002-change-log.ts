import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The change log table, its age index, `ledger_meta`, and the triggers that log every
 * insert/update/delete of accounts, entries and import batches as the public (camelCase) JSON shape.
 * Frozen: this text is what the migration created when it was released. Never edit it; change
 * the schema in a new migration (see `user-migrations.ts`).
 */
const STATEMENTS: readonly string[] = [
  `CREATE TABLE change_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      entity TEXT NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'reset')),
      entity_id INTEGER NOT NULL,
      at INTEGER NOT NULL,
      row TEXT
    )`,
  `CREATE INDEX change_log_at ON change_log (at)`,
  `CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE TRIGGER accounts_log_insert AFTER INSERT ON accounts BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('account', 'insert', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', NEW.id, 'name', NEW.name, 'kind', NEW.kind, 'currency', NEW.currency, 'archived', json(CASE WHEN NEW.archived THEN 'true' ELSE 'false' END), 'createdAt', NEW.created_at, 'updatedAt', NEW.updated_at));
        END`,
  `CREATE TRIGGER accounts_log_update AFTER UPDATE ON accounts BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('account', 'update', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', NEW.id, 'name', NEW.name, 'kind', NEW.kind, 'currency', NEW.currency, 'archived', json(CASE WHEN NEW.archived THEN 'true' ELSE 'false' END), 'createdAt', NEW.created_at, 'updatedAt', NEW.updated_at));
        END`,
  `CREATE TRIGGER accounts_log_delete AFTER DELETE ON accounts BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('account', 'delete', OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', OLD.id, 'name', OLD.name, 'kind', OLD.kind, 'currency', OLD.currency, 'archived', json(CASE WHEN OLD.archived THEN 'true' ELSE 'false' END), 'createdAt', OLD.created_at, 'updatedAt', OLD.updated_at));
        END`,
  `CREATE TRIGGER entries_log_insert AFTER INSERT ON entries BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('entry', 'insert', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', NEW.id, 'accountId', NEW.account_id, 'date', NEW.date, 'amount', NEW.amount, 'payee', NEW.payee, 'memo', NEW.memo, 'category', NEW.category, 'tags', json(NEW.tags), 'importBatchId', NEW.import_batch_id, 'createdAt', NEW.created_at, 'updatedAt', NEW.updated_at));
        END`,
  `CREATE TRIGGER entries_log_update AFTER UPDATE ON entries BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('entry', 'update', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', NEW.id, 'accountId', NEW.account_id, 'date', NEW.date, 'amount', NEW.amount, 'payee', NEW.payee, 'memo', NEW.memo, 'category', NEW.category, 'tags', json(NEW.tags), 'importBatchId', NEW.import_batch_id, 'createdAt', NEW.created_at, 'updatedAt', NEW.updated_at));
        END`,
  `CREATE TRIGGER entries_log_delete AFTER DELETE ON entries BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('entry', 'delete', OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', OLD.id, 'accountId', OLD.account_id, 'date', OLD.date, 'amount', OLD.amount, 'payee', OLD.payee, 'memo', OLD.memo, 'category', OLD.category, 'tags', json(OLD.tags), 'importBatchId', OLD.import_batch_id, 'createdAt', OLD.created_at, 'updatedAt', OLD.updated_at));
        END`,
  `CREATE TRIGGER import_batches_log_insert AFTER INSERT ON import_batches BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('importBatch', 'insert', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', NEW.id, 'accountId', NEW.account_id, 'sourceName', NEW.source_name, 'status', NEW.status, 'rowCount', NEW.row_count, 'added', NEW.added, 'skipped', NEW.skipped, 'invalid', NEW.invalid, 'contentHash', NEW.content_hash, 'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at));
        END`,
  `CREATE TRIGGER import_batches_log_update AFTER UPDATE ON import_batches BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('importBatch', 'update', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', NEW.id, 'accountId', NEW.account_id, 'sourceName', NEW.source_name, 'status', NEW.status, 'rowCount', NEW.row_count, 'added', NEW.added, 'skipped', NEW.skipped, 'invalid', NEW.invalid, 'contentHash', NEW.content_hash, 'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at));
        END`,
  `CREATE TRIGGER import_batches_log_delete AFTER DELETE ON import_batches BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('importBatch', 'delete', OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), json_object('id', OLD.id, 'accountId', OLD.account_id, 'sourceName', OLD.source_name, 'status', OLD.status, 'rowCount', OLD.row_count, 'added', OLD.added, 'skipped', OLD.skipped, 'invalid', OLD.invalid, 'contentHash', OLD.content_hash, 'startedAt', OLD.started_at, 'finishedAt', OLD.finished_at));
        END`,
];

/** Migration `0002-change-log`. */
export const changeLog: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
};
