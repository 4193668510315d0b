import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CofferDbError,
  currencyExponent,
  type LedgerStore,
  normalizeUsername,
  parseLedgerCsv,
  type UserLedger,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

// Calls made with bad input on purpose: the casts stand in for an untyped (JavaScript, JSON) caller.
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped input
type Loose = any;

let temp: TempStore;
let store: Loose;
let ledger: Loose;
let accountId: number;
let entryId: number;

beforeAll(async () => {
  temp = await createTempStore();
  store = temp.store as LedgerStore as Loose;
  ledger = (await temp.store.createUser('alice', PASSWORD)) as UserLedger as Loose;
  accountId = (await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' })).id;
  entryId = (await ledger.entries.create({ accountId, date: '2025-01-01', amount: 1 })).id;
});
afterAll(async () => {
  await temp?.dispose();
});

const circular: Record<string, unknown> = {};
circular.self = circular;

async function drain(rows: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of rows) {
    // consume
  }
}

const calls: [string, () => unknown][] = [
  ['store.createUser(undefined, undefined)', () => store.createUser(undefined, undefined)],
  ['store.createUser("bob", null)', () => store.createUser('bob', null)],
  ['store.unlock(null, PASSWORD)', () => store.unlock(null, PASSWORD)],
  ['store.unlock("alice", undefined)', () => store.unlock('alice', undefined)],
  ['store.unlock("alice", PASSWORD, 42)', () => store.unlock('alice', PASSWORD, 42)],
  [
    'store.unlock("alice", PASSWORD, { throttleKeys: [1] })',
    () => store.unlock('alice', PASSWORD, { throttleKeys: [1] }),
  ],
  ['store.lock(undefined)', () => store.lock(undefined)],
  ['store.lock({})', () => store.lock({})],
  ['store.backup(null)', () => store.backup(null)],
  ['store.listBackups(undefined)', () => store.listBackups(undefined)],
  ['store.deleteUser({})', () => store.deleteUser({})],
  [
    'store.changePassword(ledger, undefined, undefined)',
    () => store.changePassword(ledger, undefined, undefined),
  ],
  [
    'store.restoreBackup(ledger, undefined, PASSWORD)',
    () => store.restoreBackup(ledger, undefined, PASSWORD),
  ],
  ['store.getUser(undefined)', () => store.getUser(undefined)],
  ['store.loginAllowed(undefined)', () => store.loginAllowed(undefined)],
  ['store.recordLoginFailure({})', () => store.recordLoginFailure({})],
  ['store.recordLoginSuccess(null)', () => store.recordLoginSuccess(null)],
  ['store.settings.get(undefined)', () => store.settings.get(undefined)],
  ['store.settings.set(undefined, 1)', () => store.settings.set(undefined, 1)],
  ['store.settings.set("k", circular)', () => store.settings.set('k', circular)],
  ['store.settings.set("k", 1n)', () => store.settings.set('k', 1n)],
  ['store.settings.set("k", undefined)', () => store.settings.set('k', undefined)],
  ['store.settings.set("k", { a: () => 1 })', () => store.settings.set('k', { a: () => 1 })],
  ['store.settings.set("k", NaN)', () => store.settings.set('k', Number.NaN)],
  ['store.settings.set("k", new Date())', () => store.settings.set('k', new Date())],
  ['accounts.list(null)', () => ledger.accounts.list(null)],
  ['accounts.get(undefined)', () => ledger.accounts.get(undefined)],
  ['accounts.create(undefined)', () => ledger.accounts.create(undefined)],
  ['accounts.create(null)', () => ledger.accounts.create(null)],
  ['accounts.update(id, undefined)', () => ledger.accounts.update(accountId, undefined)],
  ['accounts.update(id, null)', () => ledger.accounts.update(accountId, null)],
  ['accounts.archive("1")', () => ledger.accounts.archive('1')],
  ['entries.get(null)', () => ledger.entries.get(null)],
  ['entries.create(undefined)', () => ledger.entries.create(undefined)],
  ['entries.createMany(undefined)', () => ledger.entries.createMany(undefined)],
  ['entries.createMany([null])', () => ledger.entries.createMany([null])],
  ['entries.update(id, undefined)', () => ledger.entries.update(entryId, undefined)],
  ['entries.updateMany([null])', () => ledger.entries.updateMany([null])],
  ['entries.updateMany(undefined)', () => ledger.entries.updateMany(undefined)],
  ['entries.delete(undefined)', () => ledger.entries.delete(undefined)],
  ['entries.deleteMany([null])', () => ledger.entries.deleteMany([null])],
  ['entries.list(null)', () => ledger.entries.list(null)],
  ['entries.list({ cursor: 5 })', () => ledger.entries.list({ cursor: 5 })],
  ['entries.search(undefined)', () => ledger.entries.search(undefined)],
  ['entries.search(null)', () => ledger.entries.search(null)],
  ['entries.stream(null)', () => drain(ledger.entries.stream(null))],
  ['reports.balances(undefined)', () => ledger.reports.balances(undefined)],
  ['reports.monthly(null)', () => ledger.reports.monthly(null)],
  ['reports.netWorth(undefined)', () => ledger.reports.netWorth(undefined)],
  ['imports.importRows(undefined)', () => ledger.imports.importRows(undefined)],
  [
    'imports.importRows({ rows: null })',
    () => ledger.imports.importRows({ accountId, sourceName: 'x.csv', rows: null }),
  ],
  [
    'imports.importRows({ rows: [null] })',
    () => ledger.imports.importRows({ accountId, sourceName: 'x.csv', rows: [null] }),
  ],
  [
    'imports.importRows({ rows: [42] })',
    () => ledger.imports.importRows({ accountId, sourceName: 'x.csv', rows: [42] }),
  ],
  [
    'imports.importRows({ onProgress: 1 })',
    () => ledger.imports.importRows({ accountId, sourceName: 'x.csv', rows: [], onProgress: 1 }),
  ],
  ['imports.getBatch(undefined)', () => ledger.imports.getBatch(undefined)],
  ['changes.readAfter(undefined)', () => ledger.changes.readAfter(undefined)],
  ['changes.readAfter(0, null)', () => ledger.changes.readAfter(0, null)],
  ['changes.prune({ maxEntries: "x" })', () => ledger.changes.prune({ maxEntries: 'x' })],
  ['onChange(undefined)', () => ledger.onChange(undefined)],
  ['parseLedgerCsv(undefined)', () => drain(parseLedgerCsv(undefined as Loose))],
  ['parseLedgerCsv(null)', () => drain(parseLedgerCsv(null as Loose))],
  ['currencyExponent(undefined)', () => currencyExponent(undefined as Loose)],
  ['currencyExponent("NOPE")', () => currencyExponent('NOPE')],
  ['normalizeUsername(undefined)', () => normalizeUsername(undefined)],
];

describe('bad input', () => {
  it.each(calls)(
    '%s answers with a CofferDbError, never a raw TypeError or SqliteError',
    async (_name, call) => {
      const error = await (async () => call())().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CofferDbError);
      expect((error as CofferDbError).code).toMatch(/^COFFER_DB_/);
    },
  );

  it('leaves the store usable afterwards', async () => {
    const rows = parseLedgerCsv(Readable.from(['date,amount\n2025-01-02,1.00\n']));
    const result = await ledger.imports.importRows({ accountId, sourceName: 'ok.csv', rows });
    expect(result.added).toBe(1);
    expect(await store.settings.get('k')).toBeUndefined();
  });
});
