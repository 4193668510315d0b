/** Turns csv-parse's line counter (which counts a quoted CRLF twice) into true line numbers. */
export class LineCounter {
  #extra = 0;
  #lastEnd = 0;
  /** Records seen so far. */
  records = 0;

  /** The header is line 1. */
  headerRead(): void {
    this.#lastEnd = 1;
  }

  /** Where the record being parsed starts (blank lines before it aside). */
  get nextStart(): number {
    return this.#lastEnd + 1;
  }

  /** First line of a record that the parser reports at `reported`. */
  recordStart(reported: number, raw: string, values: readonly string[]): number {
    this.records += 1;
    const end = this.recordEnd(reported, raw);
    const breaks = values.reduce((n, v) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return end - breaks;
  }

  /** Last line of a record that the parser reports at `reported`. */
  recordEnd(reported: number, raw: string): number {
    this.#extra += raw.split('\r\n').length - 1;
    this.#lastEnd = reported - this.#extra;
    return this.#lastEnd;
  }
}
