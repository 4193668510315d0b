const PAYEES = [
  ['Corner Bakery', 'Groceries', -1_800, -250],
  ['FreshMart Supermarket', 'Groceries', -14_000, -1_500],
  ['City Transit', 'Transport', -450, -240],
  ['Blue Bottle Coffee', 'Eating out', -750, -320],
  ['Card settlements', 'Shop takings', 6_000, 42_000],
] as const;

/**
 * A ledger CSV (`date,amount,payee,memo,category,tags`) of `rows` rows over the days before
 * `endDate`, a few a day; the same arguments give the same file.
 */
export function sampleCsv(rows: number, endDate: string): string {
  const end = Date.parse(`${endDate}T00:00:00Z`);
  const lines = ['date,amount,payee,memo,category,tags'];
  for (let i = 0; i < rows; i += 1) {
    const [payee, category, min, max] = PAYEES[i % PAYEES.length] ?? PAYEES[0];
    const cents = min + ((i * 7919) % (max - min + 1));
    const date = new Date(end - Math.floor(i / 8) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${date},${(cents / 100).toFixed(2)},${payee},row ${i},${category},`);
  }
  return `${lines.join('\n')}\n`;
}
