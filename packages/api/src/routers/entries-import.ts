import type { UserLedger } from '@coffer/db';
import { CofferApiError } from '../errors.js';
import type { ApiServices } from '../services.js';
import type { ImportInput } from '../tasks/import-run.js';

export { importInputSchema } from '../schemas/import-input.js';
export type { ImportTaskResult } from '../tasks/import-run.js';

/**
 * Checks the size, then hands the import to `services.userTasks` (which runs it here, or on
 * whichever instance takes it) and returns its task id.
 */
export function startImport(services: ApiServices, ledger: UserLedger, input: ImportInput): Promise<string> {
  const bytes = Buffer.byteLength(input.csv);
  if (bytes > services.config.maxImportBytes) {
    throw new CofferApiError(
      'COFFER_API_PAYLOAD_TOO_LARGE',
      `The CSV has ${bytes} bytes; at most ${services.config.maxImportBytes} are accepted`,
    );
  }
  return services.userTasks.startImport(ledger, input);
}
