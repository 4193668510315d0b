import { z } from 'zod';

/** A positive integer id. */
export const idSchema = z.int().positive();
/** A calendar date, `YYYY-MM-DD`. */
export const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
/** A month, `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM');
/** Integer minor units (cents); NaN, fractions and unsafe integers are refused. */
export const amountSchema = z.int();
/** An ISO 4217 code (the data layer checks it against the real list). */
export const currencySchema = z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code');
/** Epoch milliseconds. */
export const timestampSchema = z.number();
/** An account kind. */
export const accountKindSchema = z.enum(['asset', 'liability', 'income', 'expense', 'equity']);
/** A task id (UUID). */
export const taskIdSchema = z.uuid();
/** What a procedure that starts a task answers. */
export const taskStartedSchema = z.object({ taskId: z.string() });
/** An empty success. */
export const okSchema = z.object({ ok: z.literal(true) });
