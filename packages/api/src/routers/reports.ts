import { z } from 'zod';
import { authedProcedure } from '../procedures.js';
import { accountKindSchema, dateSchema, monthSchema } from '../schemas/common.js';
import { router } from '../trpc.js';

const currencyTotalsSchema = z.object({
  currency: z.string(),
  assets: z.number(),
  liabilities: z.number(),
  netWorth: z.number(),
});

const balancesSchema = z.object({
  asOf: z.string(),
  accounts: z.array(
    z.object({
      accountId: z.number(),
      name: z.string(),
      kind: accountKindSchema,
      currency: z.string(),
      archived: z.boolean(),
      balance: z.number(),
    }),
  ),
  byCurrency: z.array(currencyTotalsSchema),
});

const monthRangeSchema = z.strictObject({ from: monthSchema, to: monthSchema });

/** `reports.*`: read-only sums, per currency, computed in SQL. */
export const reportsRouter = router({
  /** Every account's balance at the end of `asOf`, and net worth per currency. */
  balances: authedProcedure
    .input(z.strictObject({ asOf: dateSchema, includeArchived: z.boolean().optional() }))
    .output(balancesSchema)
    .query(({ ctx, input }) => ctx.ledger.reports.balances(input)),

  /** Totals per month × category × currency for months `from`..`to` (inclusive). */
  monthly: authedProcedure
    .input(monthRangeSchema)
    .output(
      z.array(
        z.object({
          month: z.string(),
          category: z.string().nullable(),
          currency: z.string(),
          total: z.number(),
          count: z.number(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.ledger.reports.monthly(input)),

  /** Net worth at each month end of `from`..`to`, one series per currency. */
  netWorth: authedProcedure
    .input(monthRangeSchema)
    .output(
      z.array(
        z.object({
          currency: z.string(),
          points: z.array(currencyTotalsSchema.extend({ month: z.string() })),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.ledger.reports.netWorth(input)),
});
