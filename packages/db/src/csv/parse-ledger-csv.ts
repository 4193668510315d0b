import { addAbortSignal, pipeline, Readable } from 'node:stream';
import { type CsvError, type Info, parse } from 'csv-parse';
import { CsvLimitExceededError, InvalidInputError } from '../errors.js';
import type { ImportRow, InvalidImportRow } from '../model.js';
import { LineCounter } from './line-counter.js';
import { parseAmount } from './parse-amount.js';
import { type DateFormat, toIsoDate } from './parse-date.js';

/** Header names (matched case-insensitively) of the columns to read. */
export interface CsvColumns {
  date: string;
  amount: string;
  payee: string;
  memo: string;
  category: string;
  tags: string;
}

/** Options of {@link parseLedgerCsv}. */
export interface ParseLedgerCsvOptions {
  /** Header names to read; `date` and `amount` are required in the file. @default the field names */
  columns?: Partial<CsvColumns>;
  /** Minor-unit digits of the target account's currency (`currencyExponent('EUR')`). @default 2 */
  exponent?: number;
  /** @default '.' */
  decimalSeparator?: '.' | ',';
  /** @default 'YYYY-MM-DD' */
  dateFormat?: DateFormat;
  /** Field delimiter. @default ',' */
  delimiter?: string;
  /** Separator between tags inside the tags cell. @default ';' */
  tagSeparator?: string;
  /**
   * Longest record, in characters (all its fields, quotes included). A longer one — typically an
   * unterminated quote swallowing the rest of the file — stops the parse with
   * `CsvLimitExceededError` naming the line where the record starts, before it can fill memory.
   * @default 65536
   */
  maxRecordSize?: number;
  /** Most lines read; a longer file stops with `CsvLimitExceededError`. @default 1000000 */
  maxLines?: number;
  /** Stops parsing (and the source stream). */
  signal?: AbortSignal;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 1) {
    throw new TypeError(`options.${name} must be a positive integer`);
  }
  return resolved;
}

function assertInput(input: unknown): Readable | AsyncIterable<string | Uint8Array> {
  const source = input as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown } | null;
  if (
    typeof source !== 'object' ||
    source === null ||
    (typeof source[Symbol.asyncIterator] !== 'function' && typeof source[Symbol.iterator] !== 'function')
  ) {
    throw new InvalidInputError('input', 'must be a readable stream or an iterable of text chunks');
  }
  return input as Readable | AsyncIterable<string | Uint8Array>;
}

const DEFAULT_COLUMNS: CsvColumns = {
  date: 'date',
  amount: 'amount',
  payee: 'payee',
  memo: 'memo',
  category: 'category',
  tags: 'tags',
};

/**
 * Streams a CSV file into import rows with `csv-parse` (quotes, embedded commas and newlines,
 * BOM, CRLF). Memory stays bounded: records are pulled one at a time with stream backpressure,
 * so feed the result straight to `imports.importRows`. Malformed records become
 * `{ line, error }` rows (line = where the record starts) instead of stopping the import.
 *
 * ```ts
 * const rows = parseLedgerCsv(createReadStream('bank.csv'), { exponent: currencyExponent('EUR') });
 * const result = await ledger.imports.importRows({ accountId, sourceName: 'bank.csv', rows });
 * ```
 */
export async function* parseLedgerCsv(
  input: Readable | AsyncIterable<string | Uint8Array>,
  options: ParseLedgerCsvOptions = {},
): AsyncGenerator<ImportRow | InvalidImportRow> {
  const checkedInput = assertInput(input);
  const maxRecordSize = positiveInteger('maxRecordSize', options.maxRecordSize, 65_536);
  const maxLines = positiveInteger('maxLines', options.maxLines, 1_000_000);
  const columns = { ...DEFAULT_COLUMNS, ...options.columns };
  const names = Object.fromEntries(
    Object.entries(columns).map(([field, header]) => [field, header.trim().toLowerCase()]),
  ) as unknown as CsvColumns;
  const format = {
    exponent: options.exponent ?? 2,
    decimalSeparator: options.decimalSeparator ?? '.',
  } as const;
  const dateFormat = options.dateFormat ?? 'YYYY-MM-DD';
  const tagSeparator = options.tagSeparator ?? ';';
  // csv-parse counts a CRLF inside a quoted field as two lines; `lines` undoes that so reported
  // line numbers are where each record starts. Hooks run in parse order, ahead of the consumer.
  const lines = new LineCounter();
  const skipped: { beforeRecord: number; row: InvalidImportRow }[] = [];
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ',',
    max_record_size: maxRecordSize,
    columns: (header: string[]) => {
      lines.headerRead();
      const normalized = header.map((h) => String(h).trim().toLowerCase());
      for (const required of [names.date, names.amount]) {
        if (!normalized.includes(required))
          throw new InvalidInputError('columns', `missing column "${required}"`);
      }
      return normalized;
    },
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: ({ record, raw }: { record: Record<string, string>; raw: string }, context: Info) => {
      if (context.lines > maxLines) {
        throw new CsvLimitExceededError('maxLines', lines.nextStart, `more than ${maxLines} lines`);
      }
      return { record, line: lines.recordStart(context.lines, raw, Object.values(record)) };
    },
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      if (error?.code === 'CSV_MAX_RECORD_SIZE') {
        const detail = `the record starting here is longer than ${maxRecordSize} characters (an unterminated quote?)`;
        throw new CsvLimitExceededError('maxRecordSize', lines.nextStart, detail, { cause: error });
      }
      if (Number(error?.lines ?? 0) > maxLines) {
        throw new CsvLimitExceededError('maxLines', lines.nextStart, `more than ${maxLines} lines`);
      }
      const line = lines.recordEnd(Number(error?.lines ?? 0), raw ?? '');
      skipped.push({
        beforeRecord: lines.records,
        row: { line, error: error?.message ?? 'unreadable record' },
      });
      return undefined;
    },
  });
  const source = checkedInput instanceof Readable ? checkedInput : Readable.from(checkedInput);
  // Errors of either stream destroy the parser, and the loop below rethrows them.
  pipeline(source, parser, () => undefined);
  if (options.signal) addAbortSignal(options.signal, parser);

  // A skipped record goes out before the first record parsed after it.
  function* skippedUpTo(records: number): Generator<InvalidImportRow> {
    for (let next = skipped[0]; next && next.beforeRecord <= records; next = skipped[0]) {
      skipped.shift();
      yield next.row;
    }
  }
  let consumed = 0;
  for await (const { record, line } of parser as AsyncIterable<{
    record: Record<string, string>;
    line: number;
  }>) {
    yield* skippedUpTo(consumed);
    consumed += 1;
    yield toRow(record, line, { names, format, dateFormat, tagSeparator });
  }
  yield* skippedUpTo(Number.POSITIVE_INFINITY);
}

function toRow(
  record: Record<string, string>,
  line: number,
  how: {
    names: CsvColumns;
    format: { exponent: number; decimalSeparator: '.' | ',' };
    dateFormat: DateFormat;
    tagSeparator: string;
  },
): ImportRow | InvalidImportRow {
  const cell = (name: string) => (record[name] ?? '').trim();
  const date = toIsoDate(cell(how.names.date), how.dateFormat);
  if (typeof date !== 'string') return { line, error: date.error };
  const amount = parseAmount(cell(how.names.amount), how.format);
  if (typeof amount !== 'number') return { line, error: amount.error };
  const tags = cell(how.names.tags)
    .split(how.tagSeparator)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return {
    line,
    date,
    amount,
    payee: cell(how.names.payee),
    memo: cell(how.names.memo),
    category: cell(how.names.category) || null,
    tags,
  };
}
