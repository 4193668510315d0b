/**
 * SQLite-only: the triggers that write the change log. They run inside the statement's own
 * transaction, so no write — single, bulk, `batch`, or a rolled-back transaction — can bypass the
 * log or leave a log entry without its change. The JSON rows use the public (camelCase) shapes so
 * the API can push them unchanged.
 */

/** Milliseconds since the epoch, computed by SQLite (works on every SQLite version). */
export const SQL_NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

const accountJson = (r: string) =>
  `json_object('id', ${r}.id, 'name', ${r}.name, 'kind', ${r}.kind, 'currency', ${r}.currency, ` +
  `'archived', json(CASE WHEN ${r}.archived THEN 'true' ELSE 'false' END), ` +
  `'createdAt', ${r}.created_at, 'updatedAt', ${r}.updated_at)`;

const entryJson = (r: string) =>
  `json_object('id', ${r}.id, 'accountId', ${r}.account_id, 'date', ${r}.date, 'amount', ${r}.amount, ` +
  `'payee', ${r}.payee, 'memo', ${r}.memo, 'category', ${r}.category, 'tags', json(${r}.tags), ` +
  `'importBatchId', ${r}.import_batch_id, 'createdAt', ${r}.created_at, 'updatedAt', ${r}.updated_at)`;

const importBatchJson = (r: string) =>
  `json_object('id', ${r}.id, 'accountId', ${r}.account_id, 'sourceName', ${r}.source_name, ` +
  `'status', ${r}.status, 'rowCount', ${r}.row_count, 'added', ${r}.added, 'skipped', ${r}.skipped, ` +
  `'invalid', ${r}.invalid, 'contentHash', ${r}.content_hash, 'startedAt', ${r}.started_at, ` +
  `'finishedAt', ${r}.finished_at)`;

const logged = [
  { table: 'accounts', entity: 'account', json: accountJson },
  { table: 'entries', entity: 'entry', json: entryJson },
  { table: 'import_batches', entity: 'importBatch', json: importBatchJson },
] as const;

/** DDL of the change log table, its age index and the logging triggers (migration 0002). */
export function changeLogDdl(): string[] {
  const statements = [
    `CREATE TABLE change_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      entity TEXT NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'reset')),
      entity_id INTEGER NOT NULL,
      at INTEGER NOT NULL,
      row TEXT
    )`,
    'CREATE INDEX change_log_at ON change_log (at)',
    'CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
  ];
  for (const { table, entity, json } of logged) {
    for (const [op, ref] of [
      ['insert', 'NEW'],
      ['update', 'NEW'],
      ['delete', 'OLD'],
    ] as const) {
      statements.push(
        `CREATE TRIGGER ${table}_log_${op} AFTER ${op.toUpperCase()} ON ${table} BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('${entity}', '${op}', ${ref}.id, ${SQL_NOW_MS}, ${json(ref)});
        END`,
      );
    }
  }
  return statements;
}
