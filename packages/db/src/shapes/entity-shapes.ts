import { accountShape } from './account-shape.js';
import { entryShape } from './entry-shape.js';
import { importBatchShape } from './import-batch-shape.js';

/** Every entity the change log records, in trigger order. */
export const LOGGED_SHAPES = [accountShape, entryShape, importBatchShape] as const;
