import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { currencyExponent, parseLedgerCsv, type UserLedger } from '@coffer/db';
import { z } from 'zod';
import { CofferApiError } from '../errors.js';
import { idSchema } from '../schemas/common.js';
import type { ApiServices } from '../services.js';
import { withExpectedFailures } from '../task-failures.js';

/** Input of `entries.import`. The byte limit is `config.maxImportBytes`. */
export const importInputSchema = z.strictObject({
  accountId: idSchema,
  /** File name or label, kept on the import batch. */
  sourceName: z.string().min(1).max(200),
  /** The CSV text: a header with at least `date` and `amount`. */
  csv: z.string().max(64 * 1024 * 1024),
  decimalSeparator: z.enum(['.', ',']).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
});

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

/**
 * Spawns the import task and returns its id. The dedupe key is the account plus a hash of the
 * text, so the same upload sent twice while running joins the running task.
 */
export function startImport(
  services: ApiServices,
  ledger: UserLedger,
  userId: string,
  input: z.infer<typeof importInputSchema>,
): string {
  const bytes = Buffer.byteLength(input.csv);
  if (bytes > services.config.maxImportBytes) {
    throw new CofferApiError(
      'COFFER_API_PAYLOAD_TOO_LARGE',
      `The CSV has ${bytes} bytes; at most ${services.config.maxImportBytes} are accepted`,
    );
  }
  const hash = createHash('sha256').update(input.csv).digest('hex').slice(0, 16);
  const total = estimateRows(input.csv);
  const task = services.tasks.spawn<ImportTaskResult>({
    name: 'entries.import',
    key: `import:${input.accountId}:${hash}`,
    owner: userId,
    run: (ctx) =>
      withExpectedFailures(async () => {
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
          onProgress: (p) =>
            ctx.progress({ done: p.rows, total: Math.max(total, p.rows), message: 'importing' }),
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
      }),
  });
  return task.id;
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
