import type { Insertable } from 'kysely';
import { AccountUnavailableError, InvalidInputError, NotFoundError } from '../errors.js';
import { ImportFingerprint } from '../imports/import-fingerprint.js';
import type { ImportBatchStatus } from '../model.js';
import type { ImportProgress, ImportResult, ImportsRepository } from '../repositories/imports-repository.js';
import { toEntryInsert } from '../shapes/entry-values.js';
import { assertImportOptions } from '../validation/import-options.js';
import { assertId } from '../validation/ledger-values.js';
import { BLIND, COLUMN, toImportBatch, toPgEntryInsert } from './pg-entity-rows.js';
import { insertEntries } from './pg-entry-writes.js';
import type { PgLedgerContext } from './pg-ledger-context.js';
import type { PgEntriesTable } from './pg-schema.js';

/**
 * Imports on PostgreSQL: the SQLite contract (chunks of one transaction each, idempotent per
 * account, progress, abort between chunks). Import keys and the content hash are keyed with the
 * user's blind key, so they reveal nothing about the rows to the database.
 */
export function createPgImportsRepository(ctx: PgLedgerContext): ImportsRepository {
  const finish = (batchId: number, status: ImportBatchStatus, counts: ImportProgress, hash: string | null) =>
    ctx.write(async (trx, changes) => {
      const row = await trx
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
        .where('user_id', '=', ctx.userId)
        .where('id', '=', batchId)
        .returningAll()
        .executeTakeFirstOrThrow();
      changes.record({
        entity: 'importBatch',
        op: 'update',
        entityId: batchId,
        row: toImportBatch(row, ctx.cipher),
      });
    });

  return {
    async importRows(options) {
      const { accountId, rows, sourceName, chunkSize } = assertImportOptions(options);
      const { cipher } = ctx;
      const batchId = await ctx.write(async (trx, changes) => {
        const account = await trx
          .selectFrom('accounts')
          .select('archived')
          .where('user_id', '=', ctx.userId)
          .where('id', '=', accountId)
          .executeTakeFirst();
        if (account?.archived !== 0) throw new AccountUnavailableError();
        const row = await trx
          .insertInto('import_batches')
          .values({
            user_id: ctx.userId,
            account_id: accountId,
            source_name_enc: cipher.encrypt(COLUMN.sourceName, sourceName),
            status: 'running',
            started_at: Date.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        changes.record({
          entity: 'importBatch',
          op: 'insert',
          entityId: row.id,
          row: toImportBatch(row, cipher),
        });
        return row.id;
      });

      const counts: ImportProgress = { rows: 0, added: 0, skipped: 0, invalid: 0 };
      const invalidRows: ImportResult['invalidRows'] = [];
      const fingerprint = new ImportFingerprint();
      let chunk: Insertable<PgEntriesTable>[] = [];
      const reject = (line: number, reason: string) => {
        counts.invalid += 1;
        if (invalidRows.length < 1000) invalidRows.push({ line, reason });
      };
      const flush = async () => {
        if (chunk.length === 0) return;
        options.signal?.throwIfAborted();
        const pending = chunk;
        chunk = [];
        const added = await ctx.write(async (trx, changes) => {
          const entries = await insertEntries(trx, cipher, pending, { skipDuplicateImports: true });
          for (const entry of entries) {
            changes.record({ entity: 'entry', op: 'insert', entityId: entry.id, row: entry });
          }
          return entries.length;
        });
        counts.added += added;
        counts.skipped += pending.length - added;
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
            row.import_key = cipher.keyedDigest(BLIND.importKey, fingerprint.keyOf(row));
            chunk.push(toPgEntryInsert(row, cipher));
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
        await finish(batchId, status, counts, null).catch(() => undefined);
        throw error;
      }
      const contentHash = cipher.keyedDigest(BLIND.importContent, fingerprint.contentHash());
      const earlier = await ctx.read((trx) =>
        trx
          .selectFrom('import_batches')
          .select('id')
          .where('user_id', '=', ctx.userId)
          .where('account_id', '=', accountId)
          .where('content_hash', '=', contentHash)
          .where('id', '<', batchId)
          .orderBy('id')
          .executeTakeFirst(),
      );
      await finish(batchId, 'done', counts, contentHash);
      return { batchId, ...counts, invalidRows, contentHash, duplicateOf: earlier?.id ?? null };
    },
    async listBatches() {
      const rows = await ctx.read((trx) =>
        trx
          .selectFrom('import_batches')
          .selectAll()
          .where('user_id', '=', ctx.userId)
          .orderBy('id', 'desc')
          .execute(),
      );
      return rows.map((row) => toImportBatch(row, ctx.cipher));
    },
    async getBatch(id) {
      assertId('id', id);
      const row = await ctx.read((trx) =>
        trx
          .selectFrom('import_batches')
          .selectAll()
          .where('user_id', '=', ctx.userId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) throw new NotFoundError('importBatch', id);
      return toImportBatch(row, ctx.cipher);
    },
  };
}
