import { writeFile } from 'node:fs/promises';

/** Payee of row `index` of the CSV written for `round` (unique, so rows never dedupe each other). */
export const importPayee = (round: number, index: number) => `imp-r${round}-${index}`;

/**
 * Writes a bank-style CSV of `rows` distinct rows (quoted fields, embedded commas, tags) and
 * returns its path. Amounts are in EUR with two decimals.
 */
export async function writeLedgerCsv(path: string, round: number, rows: number): Promise<string> {
  const lines = ['date,amount,payee,memo,category,tags'];
  for (let i = 0; i < rows; i += 1) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const amount = `-${1 + (i % 997)}.${String(i % 100).padStart(2, '0')}`;
    lines.push(
      `2024-${month}-${day},${amount},${importPayee(round, i)},"memo, line ${i}",Groceries,t${i % 5};bulk`,
    );
  }
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}
