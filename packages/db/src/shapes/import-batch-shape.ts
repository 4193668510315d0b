import type { Selectable } from 'kysely';
import type { ImportBatch } from '../model.js';
import type { ImportBatchesTable } from '../user-database/user-schema.js';
import { defineShape } from './entity-shape.js';

/** `ImportBatch` ↔ `import_batches`. */
export const importBatchShape = defineShape<ImportBatch, ImportBatchesTable>()({
  table: 'import_batches',
  entity: 'importBatch',
  fields: {
    id: { column: 'id', encoding: 'value' },
    accountId: { column: 'account_id', encoding: 'value' },
    sourceName: { column: 'source_name', encoding: 'value' },
    status: { column: 'status', encoding: 'value' },
    rowCount: { column: 'row_count', encoding: 'value' },
    added: { column: 'added', encoding: 'value' },
    skipped: { column: 'skipped', encoding: 'value' },
    invalid: { column: 'invalid', encoding: 'value' },
    contentHash: { column: 'content_hash', encoding: 'value' },
    startedAt: { column: 'started_at', encoding: 'value' },
    finishedAt: { column: 'finished_at', encoding: 'value' },
  },
  internal: [],
});

/** Row → public import batch. */
export const toImportBatch = (row: Selectable<ImportBatchesTable>): ImportBatch =>
  importBatchShape.toModel(row);
