/**
 * The backend-generic ledger contract: the same behaviour asserted on every backend (SQLite,
 * PGlite, PostgreSQL). Each backend's test file calls {@link describeLedgerContract} with a way
 * to open a store; the store is shared across the file (users are unique per test).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountNameTakenError,
  AccountUnavailableError,
  type ChangeEntry,
  CurrencyMismatchError,
  InvalidInputError,
  type LedgerStore,
  LoginThrottledError,
  NotFoundError,
  UnknownUserError,
  type UserLedger,
  UsernameTakenError,
  WrongPasswordError,
} from '../../src/index.js';
import { take } from '../support/take.js';

/** Password used by the contract tests. */
export const CONTRACT_PASSWORD = 'correct horse battery staple';

/** How a backend's test file provides its store. */
export interface ContractBackend {
  /** Opens the store shared by the file's tests. */
  open(): Promise<LedgerStore>;
  /** Closes it and removes what it created. */
  dispose(store: LedgerStore): Promise<void>;
}

const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;

/** Registers the contract suites for one backend. */
export function describeLedgerContract(name: string, backend: ContractBackend): void {
  describe(`ledger contract on ${name}`, () => {
    let store: LedgerStore;
    // Generous: a PGlite start (WebAssembly compile + initdb) takes seconds on a loaded machine.
    beforeAll(async () => {
      store = await backend.open();
    }, 120_000);
    afterAll(async () => {
      if (store) await backend.dispose(store);
    });

    const newLedger = async (): Promise<{ ledger: UserLedger; username: string }> => {
      const username = unique('user');
      return { ledger: await store.createUser(username, CONTRACT_PASSWORD), username };
    };
    const withAccount = async (currency = 'EUR') => {
      const { ledger, username } = await newLedger();
      const account = await ledger.accounts.create({ name: 'Checking', kind: 'asset', currency });
      return { ledger, username, account };
    };

    describe('registry and unlock', () => {
      it('creates a user, refuses the name twice, and unlocks only with the right password', async () => {
        const { username } = await newLedger();
        await expect(store.createUser(username, CONTRACT_PASSWORD)).rejects.toBeInstanceOf(
          UsernameTakenError,
        );
        await expect(store.unlock(username, 'not the password')).rejects.toBeInstanceOf(WrongPasswordError);
        await expect(store.unlock(unique('nobody'), CONTRACT_PASSWORD)).rejects.toBeInstanceOf(
          UnknownUserError,
        );
        const again = await store.unlock(username, CONTRACT_PASSWORD);
        expect(again.user.username).toBe(username);
        expect((await store.getUser(username))?.lastLoginAt).toBeTypeOf('number');
      });

      it('changes the password: the old one stops working, the data stays readable', async () => {
        const { ledger, username, account } = await withAccount();
        await ledger.entries.create({ accountId: account.id, date: '2025-01-02', amount: 5, payee: 'Kept' });
        await store.changePassword(ledger, CONTRACT_PASSWORD, 'a brand new passphrase');
        await expect(store.unlock(username, CONTRACT_PASSWORD)).rejects.toBeInstanceOf(WrongPasswordError);
        await store.lock(ledger);
        const reopened = await store.unlock(username, 'a brand new passphrase');
        const page = await reopened.entries.list();
        expect(page.items.map((e) => e.payee)).toEqual(['Kept']);
      });

      it('throttles a key after repeated failures and forgets it after a success', async () => {
        const key = unique('ip:');
        let decision = await store.loginAllowed(key);
        for (let i = 0; i < 5; i += 1) decision = await store.recordLoginFailure(key);
        expect(decision.allowed).toBe(false);
        expect((await store.loginAllowed(key)).allowed).toBe(false);
        await store.recordLoginSuccess(key);
        expect((await store.loginAllowed(key)).allowed).toBe(true);
      });

      it('refuses unlock before the KDF once the username is throttled', async () => {
        const { username } = await newLedger();
        for (let i = 0; i < 5; i += 1) await store.recordLoginFailure(`user:${username}`);
        await expect(store.unlock(username, CONTRACT_PASSWORD)).rejects.toBeInstanceOf(LoginThrottledError);
      });

      it('keeps JSON settings', async () => {
        const key = unique('setting.');
        await store.settings.set(key, { limit: 3, names: ['a'] });
        expect(await store.settings.get(key)).toEqual({ limit: 3, names: ['a'] });
      });
    });

    describe('accounts and entries', () => {
      it('creates, renames, archives accounts; a taken name is refused', async () => {
        const { ledger, account } = await withAccount();
        await expect(
          ledger.accounts.create({ name: 'Checking', kind: 'asset', currency: 'EUR' }),
        ).rejects.toBeInstanceOf(AccountNameTakenError);
        const savings = await ledger.accounts.create({ name: 'Savings', kind: 'asset', currency: 'EUR' });
        expect((await ledger.accounts.update(savings.id, { name: 'Rainy day' })).name).toBe('Rainy day');
        await ledger.accounts.archive(savings.id);
        expect((await ledger.accounts.list()).map((a) => a.name)).toEqual(['Checking']);
        expect((await ledger.accounts.list({ includeArchived: true })).map((a) => a.name)).toEqual([
          'Checking',
          'Rainy day',
        ]);
        await expect(
          ledger.entries.create({ accountId: savings.id, date: '2025-01-01', amount: 1 }),
        ).rejects.toBeInstanceOf(AccountUnavailableError);
        expect((await ledger.accounts.get(account.id)).currency).toBe('EUR');
      });

      it('writes, reads, updates and deletes entries with their text intact', async () => {
        const { ledger, account } = await withAccount();
        const entry = await ledger.entries.create({
          accountId: account.id,
          date: '2025-03-04',
          amount: -1250,
          payee: 'Bäckerei Müller',
          memo: 'Sonntag 🥐',
          category: 'Food',
          tags: ['Weekend', 'bread'],
        });
        expect(entry).toMatchObject({
          payee: 'Bäckerei Müller',
          memo: 'Sonntag 🥐',
          category: 'Food',
          tags: ['bread', 'weekend'],
        });
        expect(await ledger.entries.get(entry.id)).toEqual(entry);
        const updated = await ledger.entries.update(entry.id, {
          amount: -1300,
          memo: 'Saturday',
          category: null,
        });
        expect(updated).toMatchObject({
          amount: -1300,
          memo: 'Saturday',
          category: null,
          payee: 'Bäckerei Müller',
        });
        await ledger.entries.delete(entry.id);
        await expect(ledger.entries.get(entry.id)).rejects.toBeInstanceOf(NotFoundError);
        await expect(ledger.entries.delete(entry.id)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('refuses moving an entry to an account in another currency', async () => {
        const { ledger, account } = await withAccount();
        const yen = await ledger.accounts.create({ name: 'Yen', kind: 'asset', currency: 'JPY' });
        const entry = await ledger.entries.create({ accountId: account.id, date: '2025-01-01', amount: 450 });
        await expect(ledger.entries.update(entry.id, { accountId: yen.id })).rejects.toBeInstanceOf(
          CurrencyMismatchError,
        );
      });

      it('lists newest first with filters and a keyset cursor, and streams oldest first', async () => {
        const { ledger, account } = await withAccount();
        await ledger.entries.createMany(
          Array.from({ length: 25 }, (_, i) => ({
            accountId: account.id,
            date: `2025-01-${String(i + 1).padStart(2, '0')}`,
            amount: (i + 1) * 100,
            category: i % 2 === 0 ? 'Even' : null,
            tags: i % 5 === 0 ? ['fifth'] : [],
          })),
        );
        const first = await ledger.entries.list({ limit: 10 });
        expect(first.items.map((e) => e.date)[0]).toBe('2025-01-25');
        const second = await ledger.entries.list({ limit: 10, cursor: first.nextCursor });
        const third = await ledger.entries.list({ limit: 10, cursor: second.nextCursor });
        expect(third.nextCursor).toBeNull();
        expect([...first.items, ...second.items, ...third.items].map((e) => e.amount)).toEqual(
          Array.from({ length: 25 }, (_, i) => (25 - i) * 100),
        );
        expect((await ledger.entries.list({ category: 'Even', limit: 100 })).items).toHaveLength(13);
        expect((await ledger.entries.list({ category: null, limit: 100 })).items).toHaveLength(12);
        expect((await ledger.entries.list({ tag: 'FIFTH' })).items.map((e) => e.amount)).toEqual([
          2100, 1600, 1100, 600, 100,
        ]);
        expect((await ledger.entries.list({ minAmount: 2000, maxAmount: 2200 })).items).toHaveLength(3);
        const streamed: number[] = [];
        for await (const chunk of ledger.entries.stream({ chunkSize: 7, from: '2025-01-20' })) {
          streamed.push(...chunk.map((e) => e.amount));
        }
        expect(streamed).toEqual([2000, 2100, 2200, 2300, 2400, 2500]);
      });

      it('rejects malformed input with InvalidInputError', async () => {
        const { ledger, account } = await withAccount();
        await expect(
          ledger.entries.create({ accountId: account.id, date: '2025-02-30', amount: 1 }),
        ).rejects.toBeInstanceOf(InvalidInputError);
        await expect(ledger.entries.list({ cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('search', () => {
      it('finds entries by word prefixes across payee, memo and category, all words required', async () => {
        const { ledger, account } = await withAccount();
        await ledger.entries.createMany([
          { accountId: account.id, date: '2025-01-01', amount: 1, payee: 'Café Central', memo: 'espresso' },
          {
            accountId: account.id,
            date: '2025-01-02',
            amount: 2,
            payee: 'Central Station',
            category: 'Travel',
          },
          { accountId: account.id, date: '2025-01-03', amount: 3, payee: 'Bakery', memo: 'central heating' },
        ]);
        const payees = async (query: string) =>
          (await ledger.entries.search({ query })).map((h) => h.entry.payee).sort();
        expect(await payees('cafe')).toEqual(['Café Central']);
        expect(await payees('centr')).toEqual(['Bakery', 'Café Central', 'Central Station']);
        expect(await payees('central trav')).toEqual(['Central Station']);
        expect(await payees('centralheating')).toEqual([]);
        expect(await payees('   ')).toEqual([]);
        const [hit] = await ledger.entries.search({ query: 'espresso' });
        expect(hit?.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['espresso']);
      });
    });

    describe('reports', () => {
      it('computes balances, monthly category totals and net worth per currency', async () => {
        const { ledger, account } = await withAccount();
        const card = await ledger.accounts.create({ name: 'Card', kind: 'liability', currency: 'EUR' });
        await ledger.entries.createMany([
          { accountId: account.id, date: '2025-01-05', amount: 10_000, category: 'Salary' },
          { accountId: account.id, date: '2025-01-20', amount: -2_500, category: 'Food' },
          { accountId: account.id, date: '2025-02-03', amount: -1_500, category: 'Food' },
          { accountId: card.id, date: '2025-02-10', amount: -4_000 },
        ]);
        const balances = await ledger.reports.balances({ asOf: '2025-01-31' });
        expect(balances.accounts.map((a) => [a.name, a.balance])).toEqual([
          ['Card', 0],
          ['Checking', 7_500],
        ]);
        const monthly = await ledger.reports.monthly({ from: '2025-01', to: '2025-02' });
        expect(monthly.map((r) => [r.month, r.category, r.total, r.count])).toEqual([
          ['2025-01', 'Food', -2_500, 1],
          ['2025-01', 'Salary', 10_000, 1],
          ['2025-02', null, -4_000, 1],
          ['2025-02', 'Food', -1_500, 1],
        ]);
        const [eur] = await ledger.reports.netWorth({ from: '2025-01', to: '2025-02' });
        expect(eur?.points.map((p) => [p.month, p.assets, p.liabilities, p.netWorth])).toEqual([
          ['2025-01', 7_500, 0, 7_500],
          ['2025-02', 6_000, -4_000, 2_000],
        ]);
      });
    });

    describe('imports', () => {
      it('imports rows idempotently, reports invalid lines, and records the batch', async () => {
        const { ledger, account } = await withAccount();
        const rows = [
          { line: 2, date: '2025-01-01', amount: 100, payee: 'Coffee' },
          { line: 3, date: '2025-01-01', amount: 100, payee: 'Coffee' },
          { line: 4, error: 'bad amount' },
          { line: 5, date: 'not a date', amount: 1 },
        ];
        const first = await ledger.imports.importRows({
          accountId: account.id,
          sourceName: 'bank.csv',
          rows,
          chunkSize: 1,
        });
        expect(first).toMatchObject({ rows: 4, added: 2, skipped: 0, invalid: 2, duplicateOf: null });
        const second = await ledger.imports.importRows({
          accountId: account.id,
          sourceName: 'bank.csv',
          rows,
        });
        expect(second).toMatchObject({ added: 0, skipped: 2, duplicateOf: first.batchId });
        const batch = await ledger.imports.getBatch(first.batchId);
        expect(batch).toMatchObject({ sourceName: 'bank.csv', status: 'done', added: 2 });
        expect((await ledger.imports.listBatches()).map((b) => b.id)).toEqual([
          second.batchId,
          first.batchId,
        ]);
      });
    });

    describe('change log', () => {
      it('logs every write in order and resumes the stream after any seq', async () => {
        const { ledger, account } = await withAccount();
        const start = await ledger.changes.latestSeq();
        const entry = await ledger.entries.create({
          accountId: account.id,
          date: '2025-01-01',
          amount: 1,
          payee: 'A',
        });
        await ledger.entries.update(entry.id, { payee: 'B' });
        await ledger.entries.delete(entry.id);
        const log = await ledger.changes.readAfter(start - 1);
        expect(log.map((c) => [c.entity, c.op])).toEqual([
          ['account', 'insert'],
          ['entry', 'insert'],
          ['entry', 'update'],
          ['entry', 'delete'],
        ]);
        expect(log.map((c) => c.seq)).toEqual([start, start + 1, start + 2, start + 3]);
        expect(log[2]?.row).toMatchObject({ payee: 'B' });

        const controller = new AbortController();
        const events = ledger.changes.events({ after: start + 1, signal: controller.signal });
        const heard: ChangeEntry[] = [];
        const off = ledger.onChange((changes) => heard.push(...changes));
        const replayed = await take(events, 2);
        const live = ledger.entries.create({ accountId: account.id, date: '2025-01-02', amount: 2 });
        const [next] = await take(events, 1);
        await live;
        controller.abort();
        off();
        expect(replayed.map((c) => c.seq)).toEqual([start + 2, start + 3]);
        expect(next).toMatchObject({ seq: start + 4, entity: 'entry', op: 'insert' });
        await expect.poll(() => heard.map((c) => c.seq)).toEqual([start + 4]);
      });

      it('never prunes the newest entries or the last hour, and refuses reads below the floor', async () => {
        const { ledger } = await withAccount();
        expect(await ledger.changes.prune({ maxEntries: 0, maxAgeMs: 0 })).toEqual({
          deleted: 0,
          floorSeq: 0,
        });
        expect(await ledger.changes.floorSeq()).toBe(0);
        expect(await ledger.changes.readAfter(0)).toHaveLength(1);
        await expect(ledger.changes.readAfter(-1)).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('isolation between users', () => {
      it("never shows one user's data through another user's ledger", async () => {
        const alice = await withAccount();
        const bob = await withAccount();
        const secret = unique('alicesecret');
        await alice.ledger.accounts.create({ name: secret, kind: 'expense', currency: 'EUR' });
        const entry = await alice.ledger.entries.create({
          accountId: alice.account.id,
          date: '2025-01-15',
          amount: 100,
          payee: secret,
          category: secret,
          tags: [secret],
        });
        await alice.ledger.imports.importRows({
          accountId: alice.account.id,
          sourceName: `${secret}.csv`,
          rows: [{ line: 2, date: '2025-01-16', amount: 1, payee: secret }],
        });
        const bobSees = JSON.stringify([
          await bob.ledger.accounts.list({ includeArchived: true }),
          await bob.ledger.entries.list({ limit: 500 }),
          await bob.ledger.entries.search({ query: secret }),
          await bob.ledger.entries.list({ tag: secret }),
          await bob.ledger.entries.list({ category: secret }),
          await bob.ledger.reports.balances({ asOf: '2030-01-01', includeArchived: true }),
          await bob.ledger.reports.monthly({ from: '2025-01', to: '2025-01' }),
          await bob.ledger.imports.listBatches(),
          await bob.ledger.changes.readAfter(0, 10_000),
        ]);
        expect(bobSees).not.toContain(secret);
        await expect(bob.ledger.entries.get(entry.id)).rejects.toBeInstanceOf(NotFoundError);
        await expect(bob.ledger.entries.update(entry.id, { amount: 1 })).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(bob.ledger.entries.delete(entry.id)).rejects.toBeInstanceOf(NotFoundError);
        expect((await alice.ledger.entries.get(entry.id)).amount).toBe(100);
      });
    });
  });
}
