import { z } from 'zod';
import { idSchema } from './common.js';

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
