import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountUnavailableError,
  currencyExponent,
  type ImportRow,
  type InvalidImportRow,
  parseAmount,
  parseLedgerCsv,
  type UserLedger,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function setup(): Promise<{ ledger: UserLedger; cash: number }> {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
  return { ledger, cash: cash.id };
}

async function collect(rows: AsyncIterable<ImportRow | InvalidImportRow>) {
  const out: (ImportRow | InvalidImportRow)[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const BANK_CSV =
  '\uFEFFDate,Amount,Payee,Memo,Category,Tags\r\n' +
  '2025-01-02,-4.50,"Café ""Nero""","flat white, large",Coffee,work;morning\r\n' +
  '2025-01-03,"1,234.56",ACME GmbH,"salary\r\nJanuary",Salary,\r\n' +
  '2025-01-03,-4.50,"Café ""Nero""","flat white, large",Coffee,\r\n' +
  '2025-01-03,-4.50,"Café ""Nero""","flat white, large",Coffee,\r\n' +
  '\r\n' +
  '2025-02-30,-1.00,Nowhere,,,\r\n' +
  '2025-01-04,12.345,Too precise,,,\r\n' +
  '2025-01-05,-2.00,Too,many,columns,here,extra\r\n';

describe('parseLedgerCsv', () => {
  it('handles BOM, CRLF, quotes, embedded commas and newlines, and reports bad lines', async () => {
    const rows = await collect(
      parseLedgerCsv(Readable.from([BANK_CSV]), { exponent: currencyExponent('EUR') }),
    );
    expect(rows[0]).toEqual({
      line: 2,
      date: '2025-01-02',
      amount: -450,
      payee: 'Café "Nero"',
      memo: 'flat white, large',
      category: 'Coffee',
      tags: ['work', 'morning'],
    });
    expect(rows[1]).toMatchObject({ line: 3, amount: 123_456, memo: 'salary\r\nJanuary', tags: [] });
    const invalid = rows.filter((r): r is InvalidImportRow => 'error' in r);
    expect(invalid.map((r) => r.line)).toEqual([9, 10]);
    expect(invalid[0]?.error).toMatch(/decimal places/);
    expect(invalid[1]?.error).toMatch(/Invalid Record Length/);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5, 6, 8, 9, 10]);
  });

  it('streams large input with bounded memory through chunks split anywhere', async () => {
    const header = 'date,amount,payee\n';
    function* chunks() {
      yield header.slice(0, 5);
      yield header.slice(5);
      for (let i = 0; i < 20_000; i += 1) yield `2025-01-01,${i}.00,"Payee, ${i}"\n`;
    }
    let count = 0;
    for await (const row of parseLedgerCsv(Readable.from(chunks()))) {
      if ('error' in row) throw new Error(row.error);
      count += 1;
    }
    expect(count).toBe(20_000);
  });

  it('refuses a file without the required columns', async () => {
    await expect(collect(parseLedgerCsv(Readable.from(['when,how much\n2025-01-01,1\n'])))).rejects.toThrow(
      /date/,
    );
  });
});

describe('parseAmount', () => {
  it('reads decimal text into integer minor units without floating point', () => {
    const eur = { exponent: 2, decimalSeparator: '.' } as const;
    expect(parseAmount('0.29', eur)).toBe(29);
    expect(parseAmount('-1,234.5', eur)).toBe(-123_450);
    expect(parseAmount('(12.00)', eur)).toBe(-1200);
    expect(parseAmount('1.234,56', { exponent: 2, decimalSeparator: ',' })).toBe(123_456);
    expect(parseAmount('1500', { exponent: 0, decimalSeparator: '.' })).toBe(1500);
    expect(parseAmount('abc', eur)).toEqual({ error: expect.stringMatching(/not a number/) });
    expect(parseAmount('9'.repeat(20), eur)).toEqual({ error: expect.stringMatching(/too large/) });
  });
});

describe('imports.importRows', () => {
  it('imports parsed rows, counts added/skipped/invalid with line numbers, and re-imports idempotently', async () => {
    const { ledger, cash } = await setup();
    const progress: number[] = [];
    const first = await ledger.imports.importRows({
      accountId: cash,
      sourceName: 'bank.csv',
      rows: parseLedgerCsv(Readable.from([BANK_CSV])),
      chunkSize: 2,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(first).toMatchObject({ added: 4, skipped: 0, invalid: 3, rows: 7, duplicateOf: null });
    expect(first.invalidRows.map((r) => r.line)).toEqual([8, 9, 10]);
    expect(first.invalidRows[0]?.reason).toMatch(/calendar date/);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // The two identical coffees on 2025-01-03 stay two entries.
    expect(
      (await ledger.entries.list({ from: '2025-01-03', to: '2025-01-03', category: 'Coffee' })).items,
    ).toHaveLength(2);

    const again = await ledger.imports.importRows({
      accountId: cash,
      sourceName: 'bank.csv',
      rows: parseLedgerCsv(Readable.from([BANK_CSV])),
    });
    expect(again).toMatchObject({ added: 0, skipped: 4, invalid: 3, duplicateOf: first.batchId });
    expect((await ledger.entries.list()).items).toHaveLength(4);

    // A later export overlapping the first adds only the new rows.
    const overlap = `${BANK_CSV}2025-01-06,-9.99,New Shop,,,\r\n`;
    const third = await ledger.imports.importRows({
      accountId: cash,
      sourceName: 'bank-2.csv',
      rows: parseLedgerCsv(Readable.from([overlap])),
    });
    expect(third).toMatchObject({ added: 1, skipped: 4, duplicateOf: null });
    const batches = await ledger.imports.listBatches();
    expect(batches.map((b) => [b.sourceName, b.status, b.added])).toEqual([
      ['bank-2.csv', 'done', 1],
      ['bank.csv', 'done', 0],
      ['bank.csv', 'done', 4],
    ]);
    const imported = (await ledger.entries.list()).items.find((e) => e.payee === 'New Shop');
    expect(imported?.importBatchId).toBe(third.batchId);
  });

  it('stops between chunks when aborted; a re-run completes without duplicates', async () => {
    const { ledger, cash } = await setup();
    const rows = Array.from({ length: 50 }, (_, i) => ({
      line: i + 2,
      date: '2025-03-01',
      amount: i,
      payee: `p${i}`,
    }));
    const controller = new AbortController();
    await expect(
      ledger.imports.importRows({
        accountId: cash,
        sourceName: 'big.csv',
        rows,
        chunkSize: 10,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rows >= 20) controller.abort(new Error('user cancelled'));
        },
      }),
    ).rejects.toThrow('user cancelled');
    const [aborted] = await ledger.imports.listBatches();
    expect(aborted).toMatchObject({ status: 'aborted', added: 20 });
    const rerun = await ledger.imports.importRows({
      accountId: cash,
      sourceName: 'big.csv',
      rows,
      chunkSize: 10,
    });
    expect(rerun).toMatchObject({ added: 30, skipped: 20 });
  });

  it('refuses an archived account', async () => {
    const { ledger, cash } = await setup();
    await ledger.accounts.archive(cash);
    await expect(
      ledger.imports.importRows({ accountId: cash, sourceName: 'x.csv', rows: [] }),
    ).rejects.toBeInstanceOf(AccountUnavailableError);
  });
});
