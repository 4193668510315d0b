import { createHash } from 'node:crypto';
import type { ImportInput } from './import-run.js';

/** The dedupe key of an import: the account plus a hash of the text (the same upload joins the running task). */
export function importKey(input: ImportInput): string {
  const hash = createHash('sha256').update(input.csv).digest('hex').slice(0, 16);
  return `import:${input.accountId}:${hash}`;
}
