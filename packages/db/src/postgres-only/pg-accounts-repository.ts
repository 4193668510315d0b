import { AccountNameTakenError, NotFoundError } from '../errors.js';
import type { AccountsRepository } from '../repositories/accounts-repository.js';
import {
  assertCurrency,
  assertId,
  assertKind,
  assertObject,
  assertText,
} from '../validation/ledger-values.js';
import { BLIND, COLUMN, toAccount } from './pg-entity-rows.js';
import type { PgLedgerContext } from './pg-ledger-context.js';
import { isPgUniqueViolation } from './user-scope.js';

const NAME_UNIQUE = 'accounts_user_id_name_blind_key';

/** Accounts of one user on PostgreSQL (names encrypted; uniqueness by blind value). */
export function createPgAccountsRepository(ctx: PgLedgerContext): AccountsRepository {
  const renameGuard = async <T>(name: string | undefined, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (name !== undefined && isPgUniqueViolation(error, NAME_UNIQUE)) {
        throw new AccountNameTakenError(name, { cause: error });
      }
      throw error;
    }
  };

  const update = (id: number, set: { name?: string; kind?: string; archived?: number }) =>
    renameGuard(set.name, () =>
      ctx.write(async (trx, changes) => {
        const { cipher } = ctx;
        const row = await trx
          .updateTable('accounts')
          .set({
            ...(set.name === undefined
              ? {}
              : {
                  name_enc: cipher.encrypt(COLUMN.accountName, set.name),
                  name_blind: cipher.blind(BLIND.accountName, set.name),
                }),
            ...(set.kind === undefined ? {} : { kind: assertKind('kind', set.kind) }),
            ...(set.archived === undefined ? {} : { archived: set.archived }),
            updated_at: Date.now(),
          })
          .where('user_id', '=', ctx.userId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new NotFoundError('account', id);
        const account = toAccount(row, cipher);
        changes.record({ entity: 'account', op: 'update', entityId: id, row: account });
        return account;
      }),
    );

  return {
    async list(rawOptions) {
      const options = assertObject('options', rawOptions, true);
      const rows = await ctx.readOne((trx) => {
        let query = trx.selectFrom('accounts').selectAll().where('user_id', '=', ctx.userId);
        if (!options.includeArchived) query = query.where('archived', '=', 0);
        return query.execute();
      });
      const { cipher } = ctx;
      return rows
        .map((row) => toAccount(row, cipher))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    },
    async get(id) {
      assertId('id', id);
      const row = await ctx.readOne((trx) =>
        trx
          .selectFrom('accounts')
          .selectAll()
          .where('user_id', '=', ctx.userId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) throw new NotFoundError('account', id);
      return toAccount(row, ctx.cipher);
    },
    async create(input) {
      assertObject('input', input);
      const name = assertText('name', input.name, { min: 1, max: 80 });
      const kind = assertKind('kind', input.kind);
      const currency = assertCurrency('currency', input.currency);
      return renameGuard(name, () =>
        ctx.write(async (trx, changes) => {
          const { cipher } = ctx;
          const now = Date.now();
          const row = await trx
            .insertInto('accounts')
            .values({
              user_id: ctx.userId,
              name_enc: cipher.encrypt(COLUMN.accountName, name),
              name_blind: cipher.blind(BLIND.accountName, name),
              kind,
              currency,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const account = toAccount(row, cipher);
          changes.record({ entity: 'account', op: 'insert', entityId: account.id, row: account });
          return account;
        }),
      );
    },
    async update(id, patch) {
      assertId('id', id);
      assertObject('patch', patch);
      const name = patch.name === undefined ? undefined : assertText('name', patch.name, { min: 1, max: 80 });
      const kind = patch.kind === undefined ? undefined : assertKind('kind', patch.kind);
      return update(id, { ...(name === undefined ? {} : { name }), ...(kind === undefined ? {} : { kind }) });
    },
    async archive(id) {
      assertId('id', id);
      return update(id, { archived: 1 });
    },
  };
}
