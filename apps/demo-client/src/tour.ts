import { createCofferClient } from '@coffer/client';
import { importWithProgress } from './import-progress.js';
import { formatMonthlyReport } from './report-table.js';
import { generateSampleCsv } from './sample-csv.js';
import { type Credentials, logInOrRegister } from './session.js';

/** Options of {@link runTour}. */
export interface TourOptions extends Credentials {
  /** Server base URL. */
  readonly url: string;
  /** Rows of the generated sample CSV. @default 50_000 */
  readonly rows?: number;
  /** What to search for. @default 'coffee' */
  readonly search?: string;
  /** Where lines go. @default console.log */
  readonly print?: (line: string) => void;
  /** Where the progress bar is drawn (only on a terminal). @default process.stderr */
  readonly progressStream?: NodeJS.WritableStream;
}

/**
 * The CLI tour: logs in (creating the demo user on first use), makes sure the demo accounts exist,
 * imports the generated sample CSV with a live progress bar, prints the last months' report as a
 * table, runs a search, logs out and closes the client.
 */
export async function runTour(options: TourOptions): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const client = createCofferClient({ url: options.url });
  try {
    const created = await logInOrRegister(client, options);
    print(`${created ? 'created and logged in' : 'logged in'} as ${options.username}`);

    const existing = await client.trpc.accounts.list.query();
    const wanted = [
      { name: 'Checking', kind: 'asset', currency: 'EUR' },
      { name: 'Credit card', kind: 'liability', currency: 'EUR' },
    ] as const;
    for (const account of wanted) {
      if (!existing.some((a) => a.name === account.name)) await client.trpc.accounts.create.mutate(account);
    }
    const accounts = await client.trpc.accounts.list.query();
    const checking = accounts.find((a) => a.name === 'Checking');
    if (!checking) throw new Error('the Checking account is missing');
    print(`accounts: ${accounts.map((a) => `${a.name} (${a.kind}, ${a.currency})`).join(', ')}`);

    const rows = options.rows ?? 50_000;
    const csv = generateSampleCsv({ rows });
    const task = await importWithProgress(client, {
      accountId: checking.id,
      sourceName: `sample-${rows}.csv`,
      csv,
      ...(options.progressStream ? { stream: options.progressStream } : {}),
    });
    const result = task.result as { added?: number; skipped?: number; duplicateOf?: number | null };
    print(
      result.duplicateOf != null
        ? `import: this sample was already imported (batch ${result.duplicateOf})`
        : `import: ${result.added ?? 0} added, ${result.skipped ?? 0} skipped`,
    );

    const to = new Date().toISOString().slice(0, 7);
    const from = monthsBefore(to, 2);
    print(`monthly report ${from}..${to} (EUR):`);
    const monthly = await client.trpc.reports.monthly.query({ from, to });
    print(formatMonthlyReport(monthly.filter((row) => row.currency === 'EUR')));

    const query = options.search ?? 'coffee';
    const hits = await client.trpc.entries.search.query({ query, limit: 5 });
    print(`search "${query}": ${hits.length} best matches`);
    for (const { entry } of hits) {
      print(`  ${entry.date}  ${(entry.amount / 100).toFixed(2).padStart(10)}  ${entry.payee}`);
    }
    await client.logout();
  } finally {
    await client.close();
  }
}

function monthsBefore(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, m - 1 - count, 1));
  return date.toISOString().slice(0, 7);
}
