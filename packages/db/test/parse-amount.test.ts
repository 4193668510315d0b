import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type AmountFormat,
  type InvalidImportRow,
  MAX_AMOUNT,
  parseAmount,
  parseLedgerCsv,
} from '../src/index.js';

const US: AmountFormat = { exponent: 2, decimalSeparator: '.' };
const EU: AmountFormat = { exponent: 2, decimalSeparator: ',' };
const JPY: AmountFormat = { exponent: 0, decimalSeparator: '.' };

describe('parseAmount', () => {
  // [text, format, minor units] — formats as real bank exports write them.
  const accepted: [string, AmountFormat, number][] = [
    ['0.29', US, 29],
    ['1,234.56', US, 123_456], // US
    ['1,234,567.89', US, 123_456_789],
    ["1'234.56", US, 123_456], // CH
    ['1’234.56', US, 123_456], // CH, typographic apostrophe
    ['1.234,56', EU, 123_456], // DE, FR bank exports
    ['1 234,56', EU, 123_456], // FR with a space
    ['1\u202f234,56', EU, 123_456], // FR with a narrow no-break space
    ['12,5', EU, 1250],
    ['1.500', EU, 150_000],
    ['1234.56', US, 123_456],
    ['-1', US, -100],
    ['+1', US, 100],
    ['\u22121.50', US, -150], // U+2212 MINUS SIGN
    ['1.50-', US, -150], // trailing minus (SAP, some mainframe exports)
    ['(1.50)', US, -150], // accounting negative
    ['(1.234,56)', EU, -123_456],
    ['  -4.50  ', US, -450],
    ['-0.00', US, 0],
    ['1,500', JPY, 1500],
    ['1500', JPY, 1500],
  ];
  it.each(accepted)('reads %j as %j minor units', (text, format, minor) => {
    expect(parseAmount(text, format)).toBe(minor);
  });

  // [text, format, reason] — each was silently misread (or guessed) before.
  const refused: [string, AmountFormat, RegExp][] = [
    ['1,00', US, /ambiguous/], // was 100.00
    ['12,50', US, /ambiguous/], // was 1 250.00
    ['1.5', EU, /ambiguous/], // was 15.00
    ['1,23,456.00', US, /ambiguous/], // Indian lakh grouping is not accepted silently
    ['1,2345.00', US, /ambiguous/],
    ['1.234.56', US, /not a number|ambiguous/],
    ['1,234.56', EU, /ambiguous|not a number/], // the other convention
    ['1.234 567,00', EU, /ambiguous/], // two grouping kinds
    ['1,234.', US, /ambiguous|not a number/],
    ['.5', US, /ambiguous|not a number/],
    ['(+5)', US, /more than one sign/], // was +5
    ['(-5)', US, /more than one sign/],
    ['--5', US, /more than one sign/],
    ['-5-', US, /more than one sign/],
    ['+-5', US, /more than one sign/],
    ['', US, /empty/],
    ['-', US, /empty/],
    ['()', US, /empty/],
    ['abc', US, /not a number/],
    ['1e3', US, /not a number/],
    ['€12.00', US, /not a number/],
    ['12.345', US, /more than 2 decimal places/],
    ['1.5', JPY, /more than 0 decimal places/],
    ['9'.repeat(20), US, /too large/],
  ];
  it.each(refused)('refuses %j with a reason', (text, format, reason) => {
    const result = parseAmount(text, format);
    expect(result).toEqual({ error: expect.stringMatching(reason) });
  });

  it('accepts exactly MAX_AMOUNT and refuses one minor unit more', () => {
    expect(parseAmount('10,000,000,000.00', US)).toBe(MAX_AMOUNT);
    expect(parseAmount('10,000,000,000.01', US)).toEqual({ error: expect.stringMatching(/too large/) });
  });
});

describe('parseLedgerCsv with ambiguous amounts', () => {
  it('reports each refused amount as an invalid row with its line and reason', async () => {
    const csv = 'date,amount,payee\n2025-01-01,"1,00",A\n2025-01-02,"1,234.56",B\n2025-01-03,(+5),C\n';
    const rows = [];
    for await (const row of parseLedgerCsv(Readable.from([csv]))) rows.push(row);
    const invalid = rows.filter((r): r is InvalidImportRow => 'error' in r);
    expect(invalid.map((r) => r.line)).toEqual([2, 4]);
    expect(invalid[0]?.error).toMatch(/"1,00" is ambiguous/);
    expect(invalid[1]?.error).toMatch(/more than one sign/);
    expect(rows[1]).toMatchObject({ line: 3, amount: 123_456 });
  });
});
