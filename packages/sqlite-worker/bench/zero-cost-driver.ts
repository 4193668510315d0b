import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { BenchTable } from './fixture.js';

const ROW = { id: 1, name: 'name-1-x', amount: 7919 };
const DONE: Promise<void> = Promise.resolve();

/**
 * A Kysely connection that does no database work: every query resolves with one canned row on
 * the next macrotask (answers of one tick are settled together, as the executor's are). What
 * remains is Kysely and its awaiting callers, so its throughput is a ceiling for any driver.
 */
class ZeroCostConnection implements DatabaseConnection {
  #waiting: ((result: QueryResult<unknown>) => void)[] = [];
  #scheduled = false;

  executeQuery<R>(_compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const answer = new Promise<QueryResult<unknown>>((resolve) => this.#waiting.push(resolve));
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#answer);
    }
    return answer as Promise<QueryResult<R>>;
  }

  /** The ceiling measures point selects only: streams end at once. */
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {}

  #answer = (): void => {
    this.#scheduled = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve({ rows: [ROW] });
  };
}

/** Kysely over {@link ZeroCostConnection}, with the same SQLite query compiler as both real peers. */
export function zeroCostKysely(): Kysely<BenchTable> {
  const connection = new ZeroCostConnection();
  const driver: Driver = {
    init: async () => {},
    acquireConnection: () => Promise.resolve(connection),
    releaseConnection: () => DONE,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    destroy: async () => {},
  };
  return new Kysely<BenchTable>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
