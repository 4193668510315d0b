import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { QueryPayload, SerializedError, WorkerBootData, WorkerRequest } from '../protocol/messages.js';
import {
  encodeResponse,
  SqlTable,
  TAG_OBJECT,
  TAG_QUERY_REGISTER,
  TAG_STAY_AWAKE,
} from '../protocol/wire-codec.js';
import { PostedBatches } from '../stay-awake/posted-batches.js';
import type { StayAwakeConfig } from '../stay-awake/stay-awake-backoff.js';
import { StayAwakeSpin } from '../stay-awake/stay-awake-spin.js';
import type { ConnectionState } from './connection-state.js';
import { CipherUnsupportedSignal } from './driver/cipher-support.js';
import { loadDriver } from './driver/load-driver.js';
import { WrongKeySignal } from './driver/open-connection.js';
import { TempStoreSignal } from './driver/temp-store.js';
import { executeRequest, NotReadonlySignal, runQuery, use } from './execute-request.js';

/** Answers go back in chunks so the main thread starts on the first results while later ones run. */
const RESPONSE_CHUNK = 32;

if (parentPort === null) throw new Error('worker-entry must run in a worker thread');
const port: MessagePort = parentPort;

const boot = workerData as WorkerBootData;
const Driver = loadDriver(boot.driver);
const connections = new Map<number, ConnectionState>();
const sqlTable = new SqlTable();
/** After answering a batch the main thread marked, spin briefly for the next one instead of sleeping. */
const stayAwake = boot.stayAwake === null ? null : startSpin(boot.stayAwake, boot.postedBatches);

port.on('message', (first: unknown[]) => {
  let batch: unknown[] | undefined = first;
  while (batch !== undefined) {
    const hinted: boolean = batch[batch.length - 1] === TAG_STAY_AWAKE;
    const answered = runBatch(batch, hinted ? batch.length - 1 : batch.length);
    batch = hinted ? (stayAwake?.next(answered) as unknown[] | undefined) : undefined;
  }
});

/** Runs the requests in `batch[0, end)` in order and posts their answers; returns how many it answered. */
function runBatch(batch: unknown[], end: number): number {
  let out: unknown[] = [];
  let count = 0;
  let answered = 0;
  let i = 0;
  while (i < end) {
    const tag = batch[i];
    let id: number;
    let payload: QueryPayload | null = null;
    let error: SerializedError | null = null;
    if (tag === TAG_OBJECT) {
      const request = batch[i + 1] as WorkerRequest;
      id = request.id;
      i += 2;
      try {
        payload = executeRequest(Driver, connections, request);
      } catch (thrown) {
        error = serializeError(thrown);
      }
    } else {
      id = batch[i + 1] as number;
      try {
        const sql = sqlTable.resolve(batch[i + 3], tag === TAG_QUERY_REGISTER);
        const state = use(connections, batch[i + 2] as number);
        payload = runQuery(state, sql, batch[i + 5] as readonly unknown[], batch[i + 4] as boolean);
      } catch (thrown) {
        error = serializeError(thrown);
      }
      i += 6;
    }
    encodeResponse(out, id, error, payload);
    answered++;
    if (++count === RESPONSE_CHUNK) {
      port.postMessage(out);
      out = [];
      count = 0;
    }
  }
  if (count > 0) port.postMessage(out);
  return answered;
}

function startSpin(config: StayAwakeConfig, buffer: SharedArrayBuffer): StayAwakeSpin {
  const posted = new PostedBatches(buffer);
  return new StayAwakeSpin(config, {
    receive: () => receiveMessageOnPort(port),
    posted: () => posted.read(),
  });
}

// Ready: the driver loaded. Dying before this is a startup failure, which the pool does not retry in a loop.
port.postMessage([]);

function serializeError(error: unknown): SerializedError {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (error as { code?: unknown }).code;
  const sqliteCode = typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
  const kind =
    error instanceof WrongKeySignal
      ? 'WRONG_KEY'
      : error instanceof NotReadonlySignal
        ? 'NOT_READONLY'
        : error instanceof CipherUnsupportedSignal
          ? 'NO_CIPHER'
          : error instanceof TempStoreSignal
            ? 'TEMP_STORE'
            : sqliteCode !== null
              ? 'SQLITE'
              : 'INTERNAL';
  return { kind, message: err.message, sqliteCode, stack: err.stack ?? null };
}
