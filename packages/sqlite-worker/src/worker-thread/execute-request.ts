import type { BatchRows, QueryPayload, WorkerRequest } from '../protocol/messages.js';
import { ConnectionState } from './connection-state.js';
import type { DriverConstructor } from './driver/driver-types.js';
import { openConnection } from './driver/open-connection.js';

/** Raised for a read sent to a reader that turns out to write; the pool reroutes it to the writer. */
export class NotReadonlySignal extends Error {}

const EMPTY: QueryPayload = {
  rows: [],
  changes: 0,
  lastInsertRowid: 0,
  done: true,
  reader: false,
  blobs: false,
};

/** Runs one request against the worker's connections (synchronously: SQLite is blocking here, by design). */
export function executeRequest(
  Driver: DriverConstructor,
  connections: Map<number, ConnectionState>,
  request: WorkerRequest,
): QueryPayload {
  switch (request.op) {
    case 'open':
      connections.get(request.conn)?.db.close();
      connections.set(
        request.conn,
        new ConnectionState(openConnection(Driver, request.spec), request.spec.blobsAsBuffer),
      );
      return EMPTY;
    case 'close': {
      const state = connections.get(request.conn);
      if (state === undefined) return EMPTY;
      connections.delete(request.conn);
      state.closeCursor();
      if (request.optimize) {
        state.db.pragma('optimize');
        state.db.pragma('wal_checkpoint(TRUNCATE)');
      }
      state.db.close();
      return EMPTY;
    }
    case 'query':
      return runQuery(use(connections, request.conn), request.sql, request.params, request.readerOnly);
    case 'exec':
      use(connections, request.conn).exec(request.sql);
      return EMPTY;
    case 'batch':
      return runBatch(use(connections, request.conn), request.sql, request.rows);
    case 'streamOpen': {
      const state = use(connections, request.conn);
      if (state.cursor !== null) throw new Error('A stream is already open on this connection');
      const stmt = state.statement(request.sql);
      if (!stmt.reader) throw new Error('Only statements that return rows can be streamed');
      state.cursor = stmt.iterate(request.params);
      state.cursorChunkSize = request.chunkSize;
      return pullChunk(state);
    }
    case 'streamNext':
      return pullChunk(use(connections, request.conn));
    case 'streamClose':
      connections.get(request.conn)?.closeCursor();
      return EMPTY;
    case 'backup':
      // VACUUM INTO writes a consistent snapshot encrypted with this connection's key and salt.
      use(connections, request.conn).db.prepare('VACUUM INTO ?').run(request.toPath);
      return EMPTY;
    case 'rekey':
      rekey(use(connections, request.conn), request.key);
      return EMPTY;
    case 'checkpoint':
      use(connections, request.conn).db.pragma('wal_checkpoint(TRUNCATE)');
      return EMPTY;
    case 'crashForTesting':
      process.exit(1);
  }
}

export function use(connections: Map<number, ConnectionState>, conn: number): ConnectionState {
  const state = connections.get(conn);
  if (state === undefined) throw new Error(`Connection ${conn} is not open on this worker`);
  return state;
}

/** The hot path: one statement on one connection. */
export function runQuery(
  state: ConnectionState,
  sql: string,
  params: readonly unknown[],
  readerOnly: boolean,
): QueryPayload {
  const stmt = state.statement(sql);
  if (readerOnly && !stmt.readonly) throw new NotReadonlySignal(sql);
  if (stmt.reader) {
    const rows = stmt.all(params);
    const blobs = state.blobsAsBuffer && holdsBlob(rows);
    if (stmt.readonly) return { rows, changes: 0, lastInsertRowid: 0, done: true, reader: true, blobs };
    const counters = state.statement('SELECT changes() AS c, last_insert_rowid() AS r').all()[0] as {
      c: number;
      r: number | bigint;
    };
    return { rows, changes: counters.c, lastInsertRowid: counters.r, done: true, reader: true, blobs };
  }
  const info = stmt.run(params);
  return {
    rows: [],
    changes: info.changes,
    lastInsertRowid: info.lastInsertRowid,
    done: true,
    reader: false,
    blobs: false,
  };
}

function runBatch(state: ConnectionState, sql: string, rows: BatchRows): QueryPayload {
  const stmt = state.statement(sql);
  state.statement('BEGIN').run();
  let changes = 0;
  let lastInsertRowid: number | bigint = 0;
  try {
    if (rows.kind === 'nested') {
      for (const params of rows.sets) {
        const info = stmt.run(params);
        changes += info.changes;
        lastInsertRowid = info.lastInsertRowid;
      }
    } else {
      const { width, values } = rows;
      const params: unknown[] = new Array(width);
      for (let offset = 0; offset < values.length; offset += width) {
        for (let k = 0; k < width; k++) params[k] = values[offset + k];
        const info = stmt.run(params);
        changes += info.changes;
        lastInsertRowid = info.lastInsertRowid;
      }
    }
    state.statement('COMMIT').run();
  } catch (error) {
    if (state.db.inTransaction) state.statement('ROLLBACK').run();
    throw error;
  }
  return { rows: [], changes, lastInsertRowid, done: true, reader: false, blobs: false };
}

function pullChunk(state: ConnectionState): QueryPayload {
  const cursor = state.cursor;
  if (cursor === null) return EMPTY;
  const rows: unknown[] = [];
  while (rows.length < state.cursorChunkSize) {
    const next = cursor.next();
    if (next.done === true) {
      state.cursor = null;
      return { rows, changes: 0, lastInsertRowid: 0, done: true, reader: true, blobs: blobsIn(state, rows) };
    }
    rows.push(next.value);
  }
  return { rows, changes: 0, lastInsertRowid: 0, done: false, reader: true, blobs: blobsIn(state, rows) };
}

function blobsIn(state: ConnectionState, rows: unknown[]): boolean {
  return state.blobsAsBuffer && holdsBlob(rows);
}

/** True if a row holds a BLOB (the driver's only object values besides null). */
function holdsBlob(rows: unknown[]): boolean {
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (typeof value === 'object' && value !== null) return true;
    }
  }
  return false;
}

/** SQLite3MC cannot rekey in WAL mode: checkpoint, leave WAL, rekey, return to WAL. */
function rekey(state: ConnectionState, key: string): void {
  const { db } = state;
  state.clearStatements();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode=DELETE');
  try {
    db.pragma(`rekey=${key}`);
  } finally {
    db.pragma('journal_mode=WAL');
  }
}
