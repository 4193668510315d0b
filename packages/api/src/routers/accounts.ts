import { z } from 'zod';
import { authedProcedure } from '../procedures.js';
import { accountKindSchema, currencySchema, idSchema } from '../schemas/common.js';
import { accountSchema } from '../schemas/ledger.js';
import { router } from '../trpc.js';

const nameSchema = z.string().min(1).max(80);

/** `accounts.*`: the ledger's accounts. */
export const accountsRouter = router({
  /** Every account by name; archived ones only with `includeArchived`. */
  list: authedProcedure
    .input(z.strictObject({ includeArchived: z.boolean().optional() }).optional())
    .output(z.array(accountSchema))
    .query(({ ctx, input }) =>
      ctx.ledger.accounts.list({ includeArchived: input?.includeArchived ?? false }),
    ),

  /** Creates an account (`CONFLICT` if the name is taken). */
  create: authedProcedure
    .input(z.strictObject({ name: nameSchema, kind: accountKindSchema, currency: currencySchema }))
    .output(accountSchema)
    .mutation(({ ctx, input }) => ctx.ledger.accounts.create(input)),

  /** Renames or re-kinds an account (the currency never changes). */
  update: authedProcedure
    .input(z.strictObject({ id: idSchema, name: nameSchema.optional(), kind: accountKindSchema.optional() }))
    .output(accountSchema)
    .mutation(({ ctx, input }) => {
      const { id, ...patch } = input;
      return ctx.ledger.accounts.update(id, patch);
    }),

  /** Archives an account: it keeps its entries and refuses new ones. */
  archive: authedProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(accountSchema)
    .mutation(({ ctx, input }) => ctx.ledger.accounts.archive(input.id)),
});
