import type { LedgerStore, PruneOptions, UserLedger } from '@coffer/db';
import type { Schedule, TaskManager } from '@coffer/tasks';
import type { SessionRegistry } from './sessions/session-registry.js';

/** Options of {@link createMaintenance}. Intervals are in ms. */
export interface MaintenanceOptions {
  readonly tasks: TaskManager;
  readonly sessions: SessionRegistry;
  readonly store: LedgerStore;
  /** Expired-session sweep. @default 60_000 */
  readonly sessionSweepMs?: number;
  /** Change-log pruning of every unlocked ledger. @default 3_600_000 */
  readonly pruneMs?: number;
  /** What pruning removes (the db keeps its floor whatever this says). @default { maxAgeMs: 30 days, maxEntries: 100_000 } */
  readonly prune?: PruneOptions;
  /** Encrypted backup of every unlocked ledger (the store keeps the newest `backupsToKeep`). @default 21_600_000 */
  readonly backupMs?: number;
  /** WAL checkpoint of every unlocked ledger. @default 600_000 */
  readonly checkpointMs?: number;
  /**
   * Schedule the jobs over database files (backup, WAL checkpoint). `false` on PostgreSQL, which
   * PostgreSQL's own tools back up. @default true
   */
  readonly fileJobs?: boolean;
}

/** The running periodic jobs. */
export interface Maintenance {
  /** The schedules, by job name. */
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** Stops every schedule (running jobs are cancelled by `tasks.shutdown`). */
  stop(): void;
}

/**
 * Schedules the server's periodic work as `@coffer/tasks` schedules, so each run is an ordinary
 * task (events, limits, cancellation on shutdown): `maintenance.sessions` (expired-session sweep),
 * `maintenance.prune` (change-log pruning), `maintenance.backup` (encrypted backup per unlocked
 * user) and `maintenance.checkpoint` (WAL checkpoint). Jobs over ledgers skip one that locks
 * meanwhile and go on with the next.
 */
export function createMaintenance(options: MaintenanceOptions): Maintenance {
  const { tasks, sessions, store } = options;
  const prune = options.prune ?? { maxAgeMs: 30 * 86_400_000, maxEntries: 100_000 };
  const eachLedger =
    (work: (ledger: UserLedger) => Promise<unknown>) => async (ctx: { signal: AbortSignal }) => {
      let done = 0;
      for (const ledger of await sessions.unlockedLedgers()) {
        if (ctx.signal.aborted) break;
        if (ledger.locked) continue;
        await work(ledger).catch((error: unknown) => {
          if (!ledger.locked) throw error;
        });
        done += 1;
      }
      return { ledgers: done };
    };
  const jobs: [string, number, (ctx: { signal: AbortSignal }) => Promise<unknown>][] = [
    [
      'maintenance.sessions',
      options.sessionSweepMs ?? 60_000,
      async () => ({ ended: await sessions.sweep() }),
    ],
    ['maintenance.prune', options.pruneMs ?? 3_600_000, eachLedger((ledger) => ledger.changes.prune(prune))],
  ];
  if (options.fileJobs ?? true) {
    jobs.push(
      ['maintenance.backup', options.backupMs ?? 21_600_000, eachLedger((ledger) => store.backup(ledger))],
      [
        'maintenance.checkpoint',
        options.checkpointMs ?? 600_000,
        eachLedger((ledger) => store.checkpoint(ledger)),
      ],
    );
  }
  const schedules = new Map<string, Schedule>();
  for (const [name, intervalMs, run] of jobs) {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0)
      throw new TypeError(`options for ${name}: interval must be positive`);
    schedules.set(
      name,
      tasks.every(intervalMs, { name, key: name, jitterMs: Math.min(intervalMs / 10, 60_000), run }),
    );
  }
  return {
    schedules,
    stop: () => {
      for (const schedule of schedules.values()) schedule.stop();
    },
  };
}
