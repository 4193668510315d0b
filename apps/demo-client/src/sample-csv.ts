/** Options of {@link generateSampleCsv}. */
export interface SampleCsvOptions {
  /** Data rows (after the header). @default 50_000 */
  readonly rows?: number;
  /** Seed of the pseudo-random sequence: the same seed gives the same file. @default 1 */
  readonly seed?: number;
  /** Date of the newest row, `YYYY-MM-DD`; rows go back about 20 per day from it. @default today */
  readonly endDate?: string;
}

interface Template {
  readonly payee: string;
  readonly category: string;
  /** Amount range in cents; negative for spending. */
  readonly min: number;
  readonly max: number;
  readonly tags?: string;
  readonly weight: number;
}

const templates: readonly Template[] = [
  { payee: 'Corner Bakery', category: 'Groceries', min: -1_800, max: -250, weight: 10 },
  { payee: 'FreshMart Supermarket', category: 'Groceries', min: -14_000, max: -1_500, weight: 12 },
  { payee: 'Green Leaf Organic', category: 'Groceries', min: -9_000, max: -900, weight: 4 },
  { payee: 'City Transit', category: 'Transport', min: -450, max: -240, tags: 'commute', weight: 10 },
  { payee: 'Shell Station', category: 'Transport', min: -9_500, max: -3_000, tags: 'car', weight: 3 },
  { payee: 'Blue Bottle Coffee', category: 'Eating out', min: -750, max: -320, weight: 9 },
  { payee: 'Trattoria Roma', category: 'Eating out', min: -8_500, max: -2_400, tags: 'friends', weight: 3 },
  { payee: 'Noodle House', category: 'Eating out', min: -2_600, max: -1_100, weight: 4 },
  { payee: 'Pharma Plus', category: 'Health', min: -3_500, max: -600, weight: 2 },
  { payee: 'Bookworm Books', category: 'Leisure', min: -4_500, max: -900, tags: 'gift', weight: 2 },
  { payee: 'Cinema Paradiso', category: 'Leisure', min: -2_800, max: -1_200, tags: 'friends', weight: 2 },
  { payee: 'Hardware Depot', category: 'Home', min: -15_000, max: -800, weight: 2 },
  // The ledger of a household that also runs a small shop: card takings come in every day.
  { payee: 'Card settlements', category: 'Shop takings', min: 6_000, max: 42_000, weight: 9 },
  { payee: 'Refund Desk', category: 'Refunds', min: 500, max: 6_000, weight: 1 },
];
/** Rows every month has once, on its first day in the file. */
const monthly: readonly Template[] = [
  { payee: 'Acme Corp Payroll', category: 'Salary', min: 320_000, max: 330_000, tags: 'income', weight: 0 },
  { payee: 'Maple Lettings', category: 'Rent', min: -125_000, max: -125_000, weight: 0 },
  { payee: 'Streamly', category: 'Subscriptions', min: -1_599, max: -1_599, weight: 0 },
  { payee: 'Fiber Net', category: 'Utilities', min: -4_999, max: -4_999, weight: 0 },
  { payee: 'City Power & Light', category: 'Utilities', min: -12_000, max: -5_500, weight: 0 },
];
const totalWeight = templates.reduce((sum, t) => sum + t.weight, 0);
const memos = ['', '', '', 'card', 'contactless', 'online', 'split with Sam', 'receipt kept'];

/**
 * A realistic ledger CSV (`date,amount,payee,memo,category,tags`, amounts in units with 2
 * decimals), generated in memory from a seed: the demo "bundles" it as this generator rather than
 * as a multi-megabyte file, and never writes it to disk.
 */
export function generateSampleCsv(options: SampleCsvOptions = {}): string {
  const rows = options.rows ?? 50_000;
  if (!Number.isSafeInteger(rows) || rows < 1) throw new TypeError('options.rows must be a positive integer');
  const random = mulberry32(options.seed ?? 1);
  const end = Date.parse(`${options.endDate ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(end)) throw new TypeError('options.endDate must be YYYY-MM-DD');
  const lines = ['date,amount,payee,memo,category,tags'];
  let month = '';
  let dueMonthly: Template[] = [];
  for (let i = 0; i < rows; i++) {
    const day = new Date(end - Math.floor((rows - 1 - i) / 20) * 86_400_000).toISOString().slice(0, 10);
    if (day.slice(0, 7) !== month) {
      month = day.slice(0, 7);
      dueMonthly = [...monthly];
    }
    const t = dueMonthly.shift() ?? pick(random);
    const cents = Math.round(t.min + random() * (t.max - t.min));
    const memo = memos[Math.floor(random() * memos.length)] ?? '';
    lines.push(`${day},${(cents / 100).toFixed(2)},${t.payee},${memo},${t.category},${t.tags ?? ''}`);
  }
  return lines.join('\n');
}

function pick(random: () => number): Template {
  let n = random() * totalWeight;
  for (const t of templates) {
    n -= t.weight;
    if (n < 0) return t;
  }
  return templates[0] as Template;
}

/** A small, fast, seedable PRNG (Mulberry32): the sample is the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
