import { AccountUnavailableError, InvalidInputError, NotFoundError } from '../errors.js';
import { ImportFingerprint } from '../imports/import-fingerprint.js';
import type { LedgerContext } from '../ledger/ledger-context.js';
import { withLedgerErrors } from '../ledger/translate-error.js';
import type { ImportBatch, ImportBatchStatus, ImportRow, InvalidImportRow } from '../model.js';
import { ENTRY_INSERT_COLUMNS, entryInsertParams, toEntryInsert } from '../shapes/entry-values.js';
import { toImportBatch } from '../shapes/import-batch-shape.js';
import { assertImportOptions } from '../validation/import-options.js';
import { assertId } from '../validation/ledger-values.js';

/** Counts reported while an import runs. */
export interface ImportProgress {
  rows: number;
  added: number;
  skipped: number;
  invalid: number;
}

/** Options of `imports.importRows`. */
export interface ImportOptions {
  /** Account receiving the entries; must exist and not be archived. */
  accountId: number;
  /** Where the rows came from, e.g. the file name (for the batch record). */
  sourceName: string;
  /** Rows in source order; async iterables are consumed with backpressure. */
  rows: AsyncIterable<ImportRow | InvalidImportRow> | Iterable<ImportRow | InvalidImportRow>;
  /** Rows written per executor batch (one transaction each). @default 1000 */
  chunkSize?: number;
  /** Stops the import between chunks; chunks already written stay (re-import skips them). */
  signal?: AbortSignal;
  /** Called after every chunk. */
  onProgress?: (progress: ImportProgress) => void;
}

/** Outcome of an import. `invalid` lists the first 1000 rejected lines. */
export interface ImportResult extends ImportProgress {
  batchId: number;
  invalidRows: { line: number; reason: string }[];
  contentHash: string;
  /** An earlier batch with exactly the same content, if any (then `added` is 0). */
  duplicateOf: number | null;
}

/** Imports of parsed rows, idempotent per account. */
export interface ImportsRepository {
  /** Imports rows in chunks through the executor's batch; re-importing the same rows adds nothing. */
  importRows(options: ImportOptions): Promise<ImportResult>;
  /** Import batches, newest first. */
  listBatches(): Promise<ImportBatch[]>;
  /** One import batch; `NotFoundError` if missing. */
  getBatch(id: number): Promise<ImportBatch>;
}

const INSERT_OR_SKIP = `INSERT INTO entries (${ENTRY_INSERT_COLUMNS.join(', ')})
  VALUES (${ENTRY_INSERT_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (account_id, import_key) DO NOTHING`;

/** Builds the imports repository over one handle's context. */
export function createImportsRepository(ctx: LedgerContext): ImportsRepository {
  const finish = async (
    batchId: number,
    status: ImportBatchStatus,
    counts: ImportProgress,
    hash: string | null,
  ) => {
    await ctx.db
      .updateTable('import_batches')
      .set({
        status,
        row_count: counts.rows,
        added: counts.added,
        skipped: counts.skipped,
        invalid: counts.invalid,
        content_hash: hash,
        finished_at: Date.now(),
      })
      .where('id', '=', batchId)
      .execute();
    ctx.committed();
  };

  return {
    async importRows(options) {
      const { accountId, rows, sourceName, chunkSize } = assertImportOptions(options);
      const account = await ctx.db
        .selectFrom('accounts')
        .select('archived')
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (account?.archived !== 0) throw new AccountUnavailableError();
      const { id: batchId } = await ctx.db
        .insertInto('import_batches')
        .values({ account_id: accountId, source_name: sourceName, status: 'running', started_at: Date.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      ctx.committed();

      const counts: ImportProgress = { rows: 0, added: 0, skipped: 0, invalid: 0 };
      const invalidRows: ImportResult['invalidRows'] = [];
      const fingerprint = new ImportFingerprint();
      let chunk: unknown[][] = [];
      const reject = (line: number, reason: string) => {
        counts.invalid += 1;
        if (invalidRows.length < 1000) invalidRows.push({ line, reason });
      };
      const flush = async () => {
        if (chunk.length === 0) return;
        options.signal?.throwIfAborted();
        const params = chunk;
        chunk = [];
        const { changes } = await withLedgerErrors(() => ctx.database.batch(INSERT_OR_SKIP, params));
        counts.added += changes;
        counts.skipped += params.length - changes;
        ctx.committed();
        options.onProgress?.({ ...counts });
      };

      try {
        const now = Date.now();
        for await (const source of rows) {
          counts.rows += 1;
          if (typeof source !== 'object' || source === null) {
            throw new InvalidInputError(`rows[${counts.rows - 1}]`, 'must be an object');
          }
          if ('error' in source) {
            reject(source.line, source.error);
            continue;
          }
          try {
            const row = toEntryInsert({ ...source, accountId }, now, 'row');
            row.import_batch_id = batchId;
            row.import_key = fingerprint.keyOf(row);
            chunk.push(entryInsertParams(row));
          } catch (error) {
            if (!(error instanceof InvalidInputError)) throw error;
            reject(source.line, error.message);
            continue;
          }
          if (chunk.length >= chunkSize) await flush();
        }
        await flush();
      } catch (error) {
        const status = options.signal?.aborted ? 'aborted' : 'failed';
        // Best effort: the import's own error is the one to report; if the database is gone too,
        // the batch stays `running` and a re-run still skips what was written.
        await finish(batchId, status, counts, null).catch(() => undefined);
        throw error;
      }
      const contentHash = fingerprint.contentHash();
      const earlier = await ctx.db
        .selectFrom('import_batches')
        .select('id')
        .where('account_id', '=', accountId)
        .where('content_hash', '=', contentHash)
        .where('id', '<', batchId)
        .orderBy('id')
        .executeTakeFirst();
      await finish(batchId, 'done', counts, contentHash);
      return { batchId, ...counts, invalidRows, contentHash, duplicateOf: earlier?.id ?? null };
    },
    async listBatches() {
      const rows = await ctx.db.selectFrom('import_batches').selectAll().orderBy('id', 'desc').execute();
      return rows.map(toImportBatch);
    },
    async getBatch(id) {
      const row = await ctx.db
        .selectFrom('import_batches')
        .selectAll()
        .where('id', '=', assertId('id', id))
        .executeTakeFirst();
      if (!row) throw new NotFoundError('importBatch', id);
      return toImportBatch(row);
    },
  };
}
