import type { RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { explainError } from '../lib/explain-error.ts';
import { useTRPCClient } from '../trpc.ts';

type TaskEvent = SubscriptionEvent<RouterOutputs['tasks']['onUpdate']>;

/** What a finished import reports (the `entries.import` task's result). */
export interface ImportSummary {
  readonly rows: number;
  readonly added: number;
  readonly skipped: number;
  readonly invalid: number;
  /** The earlier import batch with the same rows, when this file was imported before. */
  readonly duplicateOf: number | null;
}

/** Where an import is. `done`/`total` are rows, from the task's progress events. */
export type ImportState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly fileName: string; readonly done: number; readonly total: number }
  | { readonly phase: 'succeeded'; readonly fileName: string; readonly summary: ImportSummary | null }
  | { readonly phase: 'failed'; readonly fileName: string; readonly message: string };

/**
 * Uploads a CSV with `entries.import` and follows its task on `tasks.onUpdate`, subscribed before
 * the upload starts so no event is missed (events that arrive before the task id are kept until
 * it is known).
 */
export function useCsvImport(): { state: ImportState; start(file: File, accountId: number): void } {
  const client = useTRPCClient();
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const subscription = useRef<{ unsubscribe(): void } | null>(null);
  useEffect(() => () => subscription.current?.unsubscribe(), []);

  const start = useCallback(
    (file: File, accountId: number) => {
      subscription.current?.unsubscribe();
      const fileName = file.name;
      setState({ phase: 'running', fileName, done: 0, total: 0 });
      let taskId: string | null = null;
      let uploading = false;
      const early: TaskEvent[] = [];
      const stop = (next: ImportState) => {
        subscription.current?.unsubscribe();
        subscription.current = null;
        setState(next);
      };
      const apply = ({ type, task }: TaskEvent) => {
        if (type === 'succeeded') stop({ phase: 'succeeded', fileName, summary: importSummary(task.result) });
        else if (type === 'failed' || type === 'cancelled')
          stop({ phase: 'failed', fileName, message: task.error?.message ?? `The import was ${type}.` });
        else
          setState({
            phase: 'running',
            fileName,
            done: task.progress?.done ?? 0,
            total: task.progress?.total ?? 0,
          });
      };
      const upload = async () => {
        const csv = await file.text();
        const started = await client.entries.import.mutate({ accountId, sourceName: fileName, csv });
        taskId = started.taskId;
        for (const event of early.splice(0)) if (event.task.id === taskId) apply(event);
      };
      subscription.current = client.tasks.onUpdate.subscribe(undefined, {
        onStarted: () => {
          // Called again after a reconnect: the upload happens once.
          if (uploading) return;
          uploading = true;
          upload().catch((error: unknown) =>
            stop({ phase: 'failed', fileName, message: explainError(error) }),
          );
        },
        onData: (event) => {
          if (taskId === null) early.push(event);
          else if (event.task.id === taskId) apply(event);
        },
        onError: (error) => stop({ phase: 'failed', fileName, message: explainError(error) }),
      });
    },
    [client],
  );
  return { state, start };
}

function importSummary(result: unknown): ImportSummary | null {
  if (typeof result !== 'object' || result === null) return null;
  const { rows, added, skipped, invalid, duplicateOf } = result as Record<string, unknown>;
  const counts = [rows, added, skipped, invalid];
  if (!counts.every((n) => typeof n === 'number')) return null;
  return {
    rows: rows as number,
    added: added as number,
    skipped: skipped as number,
    invalid: invalid as number,
    duplicateOf: typeof duplicateOf === 'number' ? duplicateOf : null,
  };
}
