import { Readable } from 'node:stream';
import { currencyExponent, parseLedgerCsv, type UserLedger } from '@coffer/db';
import type { TaskProgress } from '@coffer/tasks';
import type { z } from 'zod';
import type { importInputSchema } from '../schemas/import-input.js';
import { withExpectedFailures } from '../task-failures.js';

/** A validated `entries.import` input. */
export type ImportInput = z.infer<typeof importInputSchema>;

/** Result of the import task, as `tasks.get` and `tasks.onUpdate` report it. */
export interface ImportTaskResult {
  batchId: number;
  rows: number;
  added: number;
  skipped: number;
  invalid: number;
  duplicateOf: number | null;
  invalidRows: { line: number; reason: string }[];
}

/** The task name of CSV imports. */
export const IMPORT_TASK_NAME = 'entries.import';

/**
 * The body of an import, wherever it runs: parses the CSV and imports it in chunk transactions.
 * Idempotent: rows already imported (same fingerprint) are skipped, so a retried import adds only
 * what the interrupted one had not committed.
 */
export function runImport(
  ledger: UserLedger,
  input: ImportInput,
  ctx: { signal: AbortSignal; progress(progress: TaskProgress): void },
): Promise<ImportTaskResult> {
  const total = estimateRows(input.csv);
  return withExpectedFailures(async () => {
    const account = await ledger.accounts.get(input.accountId);
    const rows = parseLedgerCsv(Readable.from([input.csv]), {
      exponent: currencyExponent(account.currency),
      signal: ctx.signal,
      ...(input.decimalSeparator ? { decimalSeparator: input.decimalSeparator } : {}),
      ...(input.delimiter ? { delimiter: input.delimiter } : {}),
    });
    const result = await ledger.imports.importRows({
      accountId: input.accountId,
      sourceName: input.sourceName,
      rows,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress({ done: p.rows, total: Math.max(total, p.rows), message: 'importing' }),
    });
    const { batchId, rows: count, added, skipped, invalid, duplicateOf } = result;
    return {
      batchId,
      rows: count,
      added,
      skipped,
      invalid,
      duplicateOf,
      invalidRows: result.invalidRows.slice(0, 100),
    };
  });
}

/** Data rows in a CSV, for progress: its non-blank lines less the header (a quoted newline may overcount). */
function estimateRows(csv: string): number {
  let lines = 0;
  let blank = true;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv.charCodeAt(i);
    if (c === 10) {
      if (!blank) lines += 1;
      blank = true;
    } else if (c !== 13 && c !== 32 && c !== 9) {
      blank = false;
    }
  }
  if (!blank) lines += 1;
  return Math.max(0, lines - 1);
}
