import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidPasswordError, WrongPasswordError } from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

describe('passwords', () => {
  it('refuses ill-formed passwords instead of deriving from U+FFFD', async () => {
    temp = await createTempStore();
    await expect(temp.store.createUser('alice', 'abcdefgh\uD800')).rejects.toBeInstanceOf(
      InvalidPasswordError,
    );
    expect(await temp.store.getUser('alice')).toBeUndefined();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await expect(temp.store.unlock('alice', 'abcdefgh\uDFFF')).rejects.toBeInstanceOf(InvalidPasswordError);
    await expect(temp.store.changePassword(ledger, PASSWORD, 'abcdefgh\uD800')).rejects.toBeInstanceOf(
      InvalidPasswordError,
    );
  });

  it('normalizes passwords to NFC, so composed and decomposed spellings open the same ledger', async () => {
    temp = await createTempStore();
    await temp.store.lock(await temp.store.createUser('alice', 'caf\u00e9 au lait'));
    const ledger = await temp.store.unlock('alice', 'cafe\u0301 au lait');
    expect(ledger.user.username).toBe('alice');
  });

  it('answers an empty password with WrongPasswordError', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await expect(temp.store.unlock('alice', '')).rejects.toBeInstanceOf(WrongPasswordError);
    await expect(temp.store.changePassword(ledger, '', 'another long password')).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
  });
});

describe('stored text', () => {
  it('refuses lone surrogates and Unicode noncharacters in every text field', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await expect(
      ledger.accounts.create({ name: 'Cash\uD800', kind: 'asset', currency: 'EUR' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const base = { accountId: cash.id, date: '2025-01-01', amount: 1 };
    for (const bad of [
      { payee: 'a\uDC00b' },
      { memo: '\uD83D' },
      { category: 'x\uDBFF' },
      { tags: ['ok', 't\uD800'] },
      { payee: 'fake \uFDD0match\uFDD1' },
    ]) {
      await expect(ledger.entries.create({ ...base, ...bad })).rejects.toBeInstanceOf(InvalidInputError);
    }
    // Well-formed astral characters are fine.
    expect((await ledger.entries.create({ ...base, payee: 'Café 😀' })).payee).toBe('Café 😀');
  });

  it('keeps private-use characters as plain text: they cannot forge a search highlight', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const payee = 'Bakery \uE000forged\uE001 corner';
    await ledger.entries.create({ accountId: cash.id, date: '2025-01-01', amount: -450, payee });
    const [hit] = await ledger.entries.search({ query: 'bakery' });
    expect(hit?.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['Bakery']);
    expect(hit?.snippet.map((p) => p.text).join('')).toContain('\uE000forged\uE001');
  });
});
