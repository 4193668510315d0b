import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerStore, type LedgerStore, type UserLedger } from '../src/index.js';
import { openPgBackend, type PgBackend } from '../src/postgres-only/pg-backend.js';
import { OneStatementScopeError, scopedBeginSql } from '../src/postgres-only/user-scoped-dialect.js';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../src/testing/index.js';

const PASSWORD = 'correct horse battery staple';

describe('scopedBeginSql', () => {
  it('writes a canonical UUID into the scoping message', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(scopedBeginSql(id)).toBe(`BEGIN; SELECT set_config('coffer.user_id', '${id}', true)`);
  });

  it('refuses anything that is not a UUID, so no other text reaches the statement', () => {
    for (const bad of ["0f8fad5b-d9cb-469f-a165-70867728950e'); DROP TABLE users; --", '', 'alice', 42]) {
      expect(() => scopedBeginSql(bad as string)).toThrow(TypeError);
    }
  });
});

describe.runIf(await postgresAnswers())('user-scoped transactions on a PostgreSQL server', () => {
  let database: TestDatabase;
  let store: LedgerStore;
  let backend: PgBackend;
  let alice: UserLedger;
  let bob: UserLedger;
  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createLedgerStore({ backend: { kind: 'postgres', url: database.url, poolSize: 2 } });
    alice = await store.createUser('scope-alice', PASSWORD);
    bob = await store.createUser('scope-bob', PASSWORD);
    await alice.accounts.create({ name: 'Alice cash', kind: 'asset', currency: 'EUR' });
    await bob.accounts.create({ name: 'Bob cash', kind: 'asset', currency: 'EUR' });
    // One pooled connection: every statement below shares the connection the scopes used.
    backend = await openPgBackend({ kind: 'postgres', url: database.url, poolSize: 1 }, (error) => {
      throw error;
    });
  });
  afterAll(async () => {
    await backend?.close();
    await store?.close();
    await database?.drop();
  });

  const settingOnNextBorrower = async () => {
    const { rows } = await backend.db
      .selectNoFrom((eb) => [
        eb.fn<string | null>('current_setting', [eb.val('coffer.user_id'), eb.lit(true)]).as('user_id'),
        eb.fn<number>('pg_backend_pid').as('pid'),
      ])
      .execute()
      .then((rows) => ({ rows }));
    return rows[0];
  };

  it('returns its connection to the pool with no coffer.user_id, after success and after failure', async () => {
    const pid = await backend.scope(alice.user.id).run(async (trx) => {
      const row = await trx
        .selectNoFrom((eb) => [
          eb.fn<string>('current_setting', [eb.val('coffer.user_id')]).as('user_id'),
          eb.fn<number>('pg_backend_pid').as('pid'),
        ])
        .executeTakeFirstOrThrow();
      expect(row.user_id).toBe(alice.user.id);
      return row.pid;
    });
    const after = await settingOnNextBorrower();
    expect(after?.pid).toBe(pid);
    expect(after?.user_id ?? '').toBe('');

    await expect(
      backend.scope(bob.user.id).run(async (trx) => {
        await trx.selectFrom('accounts').select('id').execute();
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect((await settingOnNextBorrower())?.user_id ?? '').toBe('');

    // The first statement is written behind the scoping message; its own error is what surfaces.
    await expect(
      backend.scope(bob.user.id).run((trx) => sql`SELECT 1 / 0`.execute(trx)),
    ).rejects.toMatchObject({ code: '22012' });
    expect((await settingOnNextBorrower())?.user_id ?? '').toBe('');
  });

  it('runs a one-statement read with its COMMIT written behind it, and refuses a second statement', async () => {
    const scope = backend.scope(alice.user.id);
    const owners = await scope.runOne((trx) => trx.selectFrom('accounts').select('user_id').execute());
    expect(owners).toEqual([{ user_id: alice.user.id }]);
    expect((await settingOnNextBorrower())?.user_id ?? '').toBe('');

    // The transaction is committed behind the first statement: a second one would run unscoped.
    await expect(
      scope.runOne(async (trx) => {
        await trx.selectFrom('accounts').select('id').execute();
        await trx.selectFrom('accounts').select('id').execute();
      }),
    ).rejects.toBeInstanceOf(OneStatementScopeError);
    await expect(scope.runOne((trx) => sql`SELECT 1 / 0`.execute(trx))).rejects.toMatchObject({
      code: '22012',
    });
    const after = await settingOnNextBorrower();
    expect(after?.user_id ?? '').toBe('');
    expect(await scope.runOne((trx) => trx.selectFrom('accounts').select('user_id').execute())).toEqual(
      owners,
    );
  });

  it("sees only its own user's rows, even from a statement without a user_id filter", async () => {
    const ownersSeenBy = async (userId: string) =>
      backend.scope(userId).run((trx) => trx.selectFrom('accounts').select('user_id').execute());
    expect(await ownersSeenBy(alice.user.id)).toEqual([{ user_id: alice.user.id }]);
    expect(await ownersSeenBy(bob.user.id)).toEqual([{ user_id: bob.user.id }]);
    // Outside a scope the same connection sees no ledger row at all.
    expect(await backend.db.selectFrom('accounts').select('user_id').execute()).toEqual([]);
  });
});
