import { setTimeout as sleep } from 'node:timers/promises';
import type { UserLedger } from '@coffer/db';
import { z } from 'zod';
import { authedProcedure, sessionBound } from '../procedures.js';
import { idSchema, okSchema, taskStartedSchema } from '../schemas/common.js';
import { entryFieldsSchema, entryFiltersSchema, entrySchema } from '../schemas/ledger.js';
import { validated } from '../schemas/validated.js';
import type { ApiServices } from '../services.js';
import { router } from '../trpc.js';
import { importInputSchema, startImport } from './entries-import.js';

const pageSchema = z.object({ items: z.array(entrySchema), nextCursor: z.string().nullable() });

const exportEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entries'), entries: z.array(entrySchema) }),
  z.object({ kind: z.literal('end'), count: z.number() }),
]);

/** `entries.*`: the ledger's entries, search, CSV import and export. */
export const entriesRouter = router({
  /**
   * Filtered list, newest first; pass `nextCursor` back as `cursor` for the next page. `direction`
   * is accepted because tRPC's infinite-query helpers send it; pages only go forward.
   */
  list: authedProcedure
    .input(
      entryFiltersSchema
        .extend({
          cursor: z.string().max(512).nullish(),
          limit: z.int().min(1).max(500).optional(),
          direction: z.literal('forward').optional(),
        })
        .optional(),
    )
    .output(pageSchema)
    .query(({ ctx, input }) => {
      const { direction: _direction, ...options } = input ?? {};
      return ctx.ledger.entries.list(options);
    }),

  /** One entry (`NOT_FOUND` if it is not in this user's ledger). */
  get: authedProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(entrySchema)
    .query(({ ctx, input }) => ctx.ledger.entries.get(input.id)),

  /** Creates an entry in an open account of the same ledger. */
  create: authedProcedure
    .input(entryFieldsSchema)
    .output(entrySchema)
    .mutation(({ ctx, input }) => ctx.ledger.entries.create(input)),

  /** Changes the given fields of an entry. */
  update: authedProcedure
    .input(z.strictObject({ id: idSchema, patch: entryFieldsSchema.partial() }))
    .output(entrySchema)
    .mutation(({ ctx, input }) => ctx.ledger.entries.update(input.id, input.patch)),

  /** Deletes an entry. */
  delete: authedProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.ledger.entries.delete(input.id);
      return { ok: true as const };
    }),

  /** Full-text search over payee, memo and category (prefix terms, ranked, with snippets). */
  search: authedProcedure
    .input(
      z.strictObject({
        query: z.string().max(200),
        accountId: idSchema.optional(),
        limit: z.int().min(1).max(200).optional(),
      }),
    )
    .output(
      z.array(
        z.object({
          entry: entrySchema,
          rank: z.number(),
          snippet: z.array(z.object({ text: z.string(), match: z.boolean() })),
        }),
      ),
    )
    .query(({ ctx, input, signal }) =>
      ctx.ledger.entries.search({ ...input, ...(signal ? { signal } : {}) }),
    ),

  /**
   * Imports CSV text as a background task and answers its id at once. Progress arrives on
   * `tasks.onUpdate`; cancelling stops between chunks (each chunk is one transaction, so none is
   * half-written); importing the same rows again adds nothing.
   */
  import: authedProcedure
    .input(importInputSchema)
    .output(taskStartedSchema)
    .mutation(async ({ ctx, input }) => ({ taskId: await startImport(ctx.services, ctx.ledger, input) })),

  /**
   * Streams every matching entry, oldest first, as a subscription: `{ kind: 'entries' }` chunks,
   * then one `{ kind: 'end', count }`, then the subscription completes. The next chunk is read
   * from the database only when the caller's socket has drained below
   * `config.exportMaxBufferedBytes`, so server memory stays bounded whatever the ledger's size.
   */
  export: authedProcedure.input(entryFiltersSchema.optional()).subscription(({ ctx, input, signal }) =>
    validated(
      exportEventSchema,
      sessionBound(ctx.session, signal, (bound) =>
        exportChunks(ctx.services, ctx.ledger, input ?? {}, bound, ctx.bufferedBytes),
      ),
    ),
  ),
});

async function* exportChunks(
  services: ApiServices,
  ledger: UserLedger,
  filters: z.infer<typeof entryFiltersSchema>,
  signal: AbortSignal,
  bufferedBytes: (() => number) | null,
): AsyncGenerator<z.input<typeof exportEventSchema>, void, undefined> {
  const { exportChunkSize, exportMaxBufferedBytes } = services.config;
  let count = 0;
  for await (const entries of ledger.entries.stream({ ...filters, chunkSize: exportChunkSize, signal })) {
    count += entries.length;
    yield { kind: 'entries', entries };
    while (bufferedBytes !== null && bufferedBytes() > exportMaxBufferedBytes && !signal.aborted) {
      await sleep(5);
    }
  }
  yield { kind: 'end', count };
}
