import { z } from 'zod';
import { accountSchema, entrySchema, importBatchSchema } from './ledger.js';

const base = { seq: z.number(), at: z.number(), entityId: z.number() };
const rowOp = z.enum(['insert', 'update', 'delete']);

/** One change-log entry as `live.changes` delivers it; `row` is after the change (before, for `delete`). */
export const changeSchema = z.discriminatedUnion('entity', [
  z.object({ ...base, entity: z.literal('account'), op: rowOp, row: accountSchema }),
  z.object({ ...base, entity: z.literal('entry'), op: rowOp, row: entrySchema }),
  z.object({ ...base, entity: z.literal('importBatch'), op: rowOp, row: importBatchSchema }),
  z.object({ ...base, entity: z.literal('ledger'), op: z.literal('reset'), row: z.null() }),
]);

/**
 * A `live.changes` event: a change, or `resync` when the client's `lastEventId` is older than the
 * log keeps (pruned, or from before a restore). After `resync` the client reloads its data; the
 * subscription goes on with changes after `latestSeq`.
 */
export const liveChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('change'), change: changeSchema }),
  z.object({ kind: z.literal('resync'), latestSeq: z.number(), floorSeq: z.number() }),
]);
