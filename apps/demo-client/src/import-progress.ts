import type { CofferClient, RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { SingleBar } from 'cli-progress';

type TaskEvent = SubscriptionEvent<RouterOutputs['tasks']['onUpdate']>;
type Task = TaskEvent['task'];

/** Options of {@link importWithProgress}. */
export interface ImportWithProgressOptions {
  readonly accountId: number;
  readonly sourceName: string;
  readonly csv: string;
  /** Where the bar is drawn; it is drawn only on a terminal. @default process.stderr */
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Starts `entries.import` and draws a progress bar from the task's `tasks.onUpdate` events until
 * it ends. Subscribes before starting the import, so no event is missed. Resolves with the
 * finished task; rejects when the task fails or is cancelled.
 */
export function importWithProgress(client: CofferClient, options: ImportWithProgressOptions): Promise<Task> {
  const bar = new SingleBar({
    format: 'importing {bar} {percentage}% | {value}/{total} rows | {duration}s',
    stream: options.stream ?? process.stderr,
    hideCursor: true,
  });
  return new Promise<Task>((resolve, reject) => {
    let taskId: string | null = null;
    let barStarted = false;
    const finish = (settle: () => void) => {
      sub.unsubscribe();
      if (barStarted) bar.stop();
      settle();
    };
    const sub = client.trpc.tasks.onUpdate.subscribe(undefined, {
      onStarted: () => {
        const { accountId, sourceName, csv } = options;
        client.trpc.entries.import.mutate({ accountId, sourceName, csv }).then(
          (started) => {
            taskId = started.taskId;
          },
          (error: unknown) => finish(() => reject(error)),
        );
      },
      onData: ({ type, task }) => {
        if (task.name !== 'entries.import' || (taskId !== null && task.id !== taskId)) return;
        const total = task.progress?.total ?? 0;
        if (!barStarted && total > 0) {
          bar.start(total, 0);
          barStarted = true;
        }
        if (barStarted) bar.update(task.progress?.done ?? 0);
        if (type === 'succeeded') {
          if (barStarted) bar.update(total);
          finish(() => resolve(task));
        } else if (type === 'failed' || type === 'cancelled') {
          const reason = task.error ? `${task.error.code}: ${task.error.message}` : type;
          finish(() => reject(new Error(`import ${type}: ${reason}`)));
        }
      },
      onError: (error) => finish(() => reject(error)),
    });
  });
}
