import { z } from 'zod';
import { accountKindSchema, amountSchema, dateSchema, idSchema, timestampSchema } from './common.js';

/** An account as every procedure returns it. */
export const accountSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: accountKindSchema,
  currency: z.string(),
  archived: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** An entry as every procedure returns it. */
export const entrySchema = z.object({
  id: z.number(),
  accountId: z.number(),
  date: z.string(),
  amount: z.number(),
  payee: z.string(),
  memo: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  importBatchId: z.number().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** An import batch record. */
export const importBatchSchema = z.object({
  id: z.number(),
  accountId: z.number(),
  sourceName: z.string(),
  status: z.string(),
  rowCount: z.number(),
  added: z.number(),
  skipped: z.number(),
  invalid: z.number(),
  contentHash: z.string().nullable(),
  startedAt: timestampSchema,
  finishedAt: timestampSchema.nullable(),
});

/** The writable fields of an entry (lengths as the data layer enforces them). */
export const entryFieldsSchema = z.strictObject({
  accountId: idSchema,
  date: dateSchema,
  amount: amountSchema,
  payee: z.string().max(200).optional(),
  memo: z.string().max(1000).optional(),
  category: z.string().max(80).nullable().optional(),
  tags: z.array(z.string().min(1).max(40)).max(20).optional(),
});

/** Filters shared by `entries.list` and `entries.export`. */
export const entryFiltersSchema = z.strictObject({
  accountId: idSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  category: z.string().max(80).nullable().optional(),
  tag: z.string().min(1).max(40).optional(),
  minAmount: amountSchema.optional(),
  maxAmount: amountSchema.optional(),
});
