import type { TaskFailure, TaskProgress, TaskSnapshot, TaskStatus } from '@coffer/tasks';
import type { Pool } from 'pg';
import { CLUSTER_SCHEMA } from './cluster-schema.js';
import type { ClusterSecretBox } from './cluster-secret-box.js';

const T = `${CLUSTER_SCHEMA}.tasks`;
/** The database's clock in epoch ms (heartbeats are written and judged on one clock). */
const DB_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

interface TaskRow {
  id: string;
  owner: string;
  name: string;
  key: string | null;
  status: TaskStatus;
  progress: TaskProgress | null;
  result: string | null;
  error: string | null;
  payload: string | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A task row as the worker needs it: the snapshot plus its sealed payload. */
export interface StoredTask {
  snapshot: TaskSnapshot;
  /** The sealed job payload; `null` once the task is final. */
  payload: string | null;
  attempts: number;
}

/** The final fields a task ends with. */
export type TaskOutcome =
  | { status: 'succeeded'; result: unknown }
  | { status: 'failed'; error: TaskFailure }
  | { status: 'cancelled' };

/** Statuses from which a task can still move. */
const ACTIVE = `('queued', 'running')`;

/**
 * `coffer_api.tasks`: one row per cluster task, the source of `tasks.get`/`tasks.list` on every
 * instance. Results and errors are sealed with the cluster secret (they may quote CSV text); the
 * payload (sealed data key and input) is dropped when the task ends. A running attempt renews
 * `heartbeat_at`; writes of an attempt that a newer one superseded change nothing. Every write that changes a
 * task returns its new snapshot, which the caller announces.
 */
export class TaskTable {
  readonly #pool: Pool;
  readonly #box: ClusterSecretBox;

  constructor(pool: Pool, box: ClusterSecretBox) {
    this.#pool = pool;
    this.#box = box;
  }

  /** Inserts a queued task, or returns the active task with the same owner and key (then `created` is false). */
  async insertOrJoin(task: {
    id: string;
    owner: string;
    name: string;
    key: string;
    payload: string;
    at: number;
  }): Promise<{ id: string; created: boolean }> {
    const { rows } = await this.#pool.query<{ id: string }>(
      `INSERT INTO ${T} (id, owner, name, key, status, payload, created_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6)
       ON CONFLICT (owner, key) WHERE key IS NOT NULL AND status IN ${ACTIVE} DO NOTHING RETURNING id`,
      [task.id, task.owner, task.name, task.key, task.payload, task.at],
    );
    if (rows[0]) return { id: rows[0].id, created: true };
    const existing = await this.#pool.query<{ id: string }>(
      `SELECT id FROM ${T} WHERE owner = $1 AND key = $2 AND status IN ${ACTIVE}`,
      [task.owner, task.key],
    );
    const id = existing.rows[0]?.id;
    // The active task ended between the two statements: try again.
    return id === undefined ? this.insertOrJoin(task) : { id, created: false };
  }

  /** One task (its owner's), or `undefined`. */
  async get(id: string, owner?: string): Promise<StoredTask | undefined> {
    const { rows } = await this.#pool.query<TaskRow>(
      `SELECT * FROM ${T} WHERE id = $1 ${owner === undefined ? '' : 'AND owner = $2'}`,
      owner === undefined ? [id] : [id, owner],
    );
    return rows[0] && this.#stored(rows[0]);
  }

  /** The owner's tasks, oldest first. */
  async list(owner: string, status?: readonly TaskStatus[]): Promise<TaskSnapshot[]> {
    const { rows } = await this.#pool.query<TaskRow>(
      `SELECT * FROM ${T} WHERE owner = $1 ${status ? 'AND status = ANY($2)' : ''} ORDER BY created_at, id`,
      status ? [owner, [...status]] : [owner],
    );
    return rows.map((row) => this.#stored(row).snapshot);
  }

  /**
   * Marks an active task running as a new attempt (its number is `attempts` of the answer); an
   * older attempt still running somewhere loses its writes from now on. `undefined` if the task is
   * no longer active.
   */
  async start(id: string, at: number): Promise<StoredTask | undefined> {
    return this.#update(
      id,
      `status = 'running', attempts = attempts + 1, heartbeat_at = ${DB_NOW_MS}, started_at = COALESCE(started_at, $2)`,
      [at],
      ACTIVE,
    );
  }

  /** Renews an attempt's heartbeat; `false` if the attempt was superseded or the task ended. */
  async heartbeat(id: string, attempt: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE ${T} SET heartbeat_at = ${DB_NOW_MS} WHERE id = $1 AND attempts = $2 AND status = 'running'`,
      [id, attempt],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * Puts back in the queue every running task whose heartbeat is older than `lostAfterMs` (its
   * instance died). Heartbeats use the database's clock, so instances' clocks may disagree.
   */
  async requeueStale(lostAfterMs: number, message: string): Promise<StoredTask[]> {
    const { rows } = await this.#pool.query<TaskRow>(
      `UPDATE ${T} SET status = 'queued', progress = ${withMessage('$2')}
       WHERE status = 'running' AND heartbeat_at < ${DB_NOW_MS} - $1 RETURNING *`,
      [lostAfterMs, message],
    );
    return rows.map((row) => this.#stored(row));
  }

  /** Records progress of a running attempt. */
  async progress(id: string, attempt: number, progress: TaskProgress): Promise<StoredTask | undefined> {
    return this.#update(id, `progress = $2`, [JSON.stringify(progress)], `('running')`, attempt);
  }

  /** Puts a running attempt back in the queue (its instance is stopping; another will retry it). */
  async requeue(id: string, attempt: number, message: string): Promise<StoredTask | undefined> {
    return this.#update(
      id,
      `status = 'queued', progress = ${withMessage('$2')}`,
      [message],
      `('running')`,
      attempt,
    );
  }

  /** Ends an active task (only if `attempt` is still its current one, when given); `undefined` if not. */
  async finish(
    id: string,
    outcome: TaskOutcome,
    at: number,
    attempt?: number,
  ): Promise<StoredTask | undefined> {
    const result = outcome.status === 'succeeded' ? this.#box.seal(JSON.stringify(outcome.result), id) : null;
    const error = outcome.status === 'failed' ? this.#box.seal(JSON.stringify(outcome.error), id) : null;
    return this.#update(
      id,
      `status = $2, result = $3, error = $4, finished_at = $5, payload = NULL`,
      [outcome.status, result, error, at],
      ACTIVE,
      attempt,
    );
  }

  /** Cancels a task that is still queued; `undefined` if it is not queued. */
  async cancelQueued(id: string, owner: string, at: number): Promise<StoredTask | undefined> {
    const { rows } = await this.#pool.query<TaskRow>(
      `UPDATE ${T} SET status = 'cancelled', finished_at = $3, payload = NULL
       WHERE id = $1 AND owner = $2 AND status = 'queued' RETURNING *`,
      [id, owner, at],
    );
    return rows[0] && this.#stored(rows[0]);
  }

  /** Deletes tasks that ended before `before`. */
  async prune(before: number): Promise<void> {
    await this.#pool.query(`DELETE FROM ${T} WHERE finished_at < $1`, [before]);
  }

  async #update(
    id: string,
    set: string,
    params: unknown[],
    from: string,
    attempt?: number,
  ): Promise<StoredTask | undefined> {
    const ofAttempt = attempt === undefined ? '' : `AND attempts = $${params.length + 2}`;
    const { rows } = await this.#pool.query<TaskRow>(
      `UPDATE ${T} SET ${set} WHERE id = $1 AND status IN ${from} ${ofAttempt} RETURNING *`,
      attempt === undefined ? [id, ...params] : [id, ...params, attempt],
    );
    return rows[0] && this.#stored(rows[0]);
  }

  #stored(row: TaskRow): StoredTask {
    const snapshot: TaskSnapshot = {
      id: row.id,
      name: row.name,
      key: row.key,
      owner: row.owner,
      status: row.status,
      progress: row.progress,
      createdAt: Number(row.created_at),
      startedAt: row.started_at === null ? null : Number(row.started_at),
      finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    };
    try {
      if (row.result !== null) snapshot.result = JSON.parse(this.#box.open(row.result, row.id));
      if (row.error !== null) snapshot.error = JSON.parse(this.#box.open(row.error, row.id)) as TaskFailure;
    } catch {
      // Sealed under a cluster secret that was rotated since: say so instead of failing the listing.
      snapshot.error = {
        code: 'COFFER_TASK_INTERNAL',
        message: 'This task was sealed under another cluster secret',
      };
    }
    return { snapshot, payload: row.payload, attempts: row.attempts };
  }
}

/** SQL for the progress column with its message replaced by the text parameter `param`. */
function withMessage(param: string): string {
  return `jsonb_set(COALESCE(progress, '{"done":0}'), '{message}', to_jsonb(${param}::text))`;
}
