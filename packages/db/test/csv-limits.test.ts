import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvLimitExceededError, parseLedgerCsv } from '../src/index.js';

async function drain(rows: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of rows) count += 1;
  return count;
}

/** A header, two good rows, then a quote that never closes followed by `megabytes` of lines. */
function* unterminatedQuote(megabytes: number): Generator<string> {
  yield 'date,amount,payee,memo\n2025-01-01,1.00,A,ok\n2025-01-02,2.00,B,ok\n2025-01-03,3.00,C,"never closed\n';
  const line = `${'x'.repeat(1023)}\n`;
  for (let i = 0; i < megabytes * 1024; i += 1) yield line;
}

describe('parseLedgerCsv bounds', () => {
  it('stops an unterminated quote at maxRecordSize with a typed error naming the line where the record starts', async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (const chunk of unterminatedQuote(4)) {
          pulled += chunk.length;
          yield chunk;
        }
      })(),
    );
    const error = await drain(parseLedgerCsv(source, { maxRecordSize: 10_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvLimitExceededError);
    expect(error).toMatchObject({ code: 'COFFER_DB_CSV_LIMIT_EXCEEDED', limit: 'maxRecordSize', line: 4 });
    // It stopped near the bound instead of buffering the whole 4 MB.
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it('applies a default record bound of 64 KiB', async () => {
    const error = await drain(parseLedgerCsv(Readable.from(unterminatedQuote(1)))).catch((e: unknown) => e);
    expect(error).toMatchObject({ limit: 'maxRecordSize', line: 4 });
    const long = `date,amount,payee,memo\n2025-01-01,1.00,A,"${'y'.repeat(60_000)}"\n`;
    expect(await drain(parseLedgerCsv(Readable.from([long])))).toBe(1);
  });

  it('stops a file longer than maxLines with a typed error naming the line', async () => {
    const csv = `date,amount\n${'2025-01-01,1.00\n'.repeat(20)}`;
    const error = await drain(parseLedgerCsv(Readable.from([csv]), { maxLines: 10 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsvLimitExceededError);
    expect(error).toMatchObject({ limit: 'maxLines', line: 11 });
    expect(await drain(parseLedgerCsv(Readable.from([csv]), { maxLines: 21 }))).toBe(20);
  });

  it('validates the bounds as options', async () => {
    await expect(() => parseLedgerCsv(Readable.from(['']), { maxRecordSize: 0 }).next()).rejects.toThrow(
      /options.maxRecordSize/,
    );
  });
});
