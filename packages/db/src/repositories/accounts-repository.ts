import { AccountNameTakenError, NotFoundError } from '../errors.js';
import type { LedgerContext } from '../ledger/ledger-context.js';
import { isUniqueViolation } from '../ledger/translate-error.js';
import type { Account, CreateAccountInput, UpdateAccountInput } from '../model.js';
import { toAccount } from '../shapes/account-shape.js';
import {
  assertCurrency,
  assertId,
  assertKind,
  assertObject,
  assertText,
} from '../validation/ledger-values.js';

/** Accounts of one user's ledger. */
export interface AccountsRepository {
  /** All accounts by name; archived ones only when `includeArchived`. */
  list(options?: { includeArchived?: boolean }): Promise<Account[]>;
  /** One account; `NotFoundError` if missing. */
  get(id: number): Promise<Account>;
  /** Creates an account; `AccountNameTakenError` if the name is used. */
  create(input: CreateAccountInput): Promise<Account>;
  /** Renames or re-kinds an account. */
  update(id: number, patch: UpdateAccountInput): Promise<Account>;
  /** Archives an account: it keeps its entries and balances but accepts no new entries. */
  archive(id: number): Promise<Account>;
}

/** Builds the accounts repository over one handle's context. */
export function createAccountsRepository(ctx: LedgerContext): AccountsRepository {
  const get = async (id: number) => {
    const row = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', assertId('id', id))
      .executeTakeFirst();
    if (!row) throw new NotFoundError('account', id);
    return toAccount(row);
  };

  const write = async (name: string | undefined, run: () => Promise<Account | undefined>, id?: number) => {
    try {
      const account = await run();
      if (!account) throw new NotFoundError('account', id ?? 0);
      ctx.committed();
      return account;
    } catch (error) {
      if (name !== undefined && isUniqueViolation(error))
        throw new AccountNameTakenError(name, { cause: error });
      throw error;
    }
  };

  return {
    async list(rawOptions) {
      const options = assertObject('options', rawOptions, true);
      let query = ctx.db.selectFrom('accounts').selectAll().orderBy('name').orderBy('id');
      if (!options.includeArchived) query = query.where('archived', '=', 0);
      return (await query.execute()).map(toAccount);
    },
    get,
    async create(input) {
      assertObject('input', input);
      const now = Date.now();
      const values = {
        name: assertText('name', input.name, { min: 1, max: 80 }),
        kind: assertKind('kind', input.kind),
        currency: assertCurrency('currency', input.currency),
        created_at: now,
        updated_at: now,
      };
      return write(values.name, async () => {
        const row = await ctx.db
          .insertInto('accounts')
          .values(values)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAccount(row);
      });
    },
    async update(id, patch) {
      assertId('id', id);
      assertObject('patch', patch);
      const name = patch.name === undefined ? undefined : assertText('name', patch.name, { min: 1, max: 80 });
      const kind = patch.kind === undefined ? undefined : assertKind('kind', patch.kind);
      return write(
        name,
        async () => {
          const row = await ctx.db
            .updateTable('accounts')
            .set({
              ...(name === undefined ? {} : { name }),
              ...(kind === undefined ? {} : { kind }),
              updated_at: Date.now(),
            })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst();
          return row && toAccount(row);
        },
        id,
      );
    },
    async archive(id) {
      assertId('id', id);
      return write(
        undefined,
        async () => {
          const row = await ctx.db
            .updateTable('accounts')
            .set({ archived: 1, updated_at: Date.now() })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst();
          return row && toAccount(row);
        },
        id,
      );
    },
  };
}
