import {
  createCofferClient,
  isCofferError,
  type RouterOutputs,
  type SubscriptionEvent,
} from '@coffer/client';
import { type Credentials, logInOrRegister } from './session.js';

type LiveEvent = SubscriptionEvent<RouterOutputs['live']['changes']>;

/** Options of {@link followChanges}. */
export interface FollowOptions extends Credentials {
  /** Server base URL. */
  readonly url: string;
  /** Ends following (the CLI aborts it on Ctrl-C). */
  readonly signal: AbortSignal;
  /** Where lines go. @default console.log */
  readonly print?: (line: string) => void;
  /** Delay before reconnect attempt `n`. @default the client's jittered backoff */
  readonly retryDelayMs?: (attempt: number) => number;
}

/**
 * Tails `live.changes` for the demo user, printing one line per change, until `signal` aborts.
 * Only changes made from now on are printed. When the connection drops, the client reconnects and
 * resumes after the last change it printed (the subscription is tracked); when the server restarted
 * (sessions end with it) it logs in again and resubscribes after that change, so nothing is lost.
 * Before the first change there is no position to resume from.
 * Rejects when the subscription fails for good (e.g. the session ended).
 */
export async function followChanges(options: FollowOptions): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const client = createCofferClient({
    url: options.url,
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
  });
  let lastEventId: string | null = null;
  let announced = false;
  try {
    await logInOrRegister(client, options);
    for (;;) {
      try {
        await new Promise<void>((resolve, reject) => {
          const sub = client.trpc.live.changes.subscribe(lastEventId === null ? {} : { lastEventId }, {
            onStarted: () => {
              if (announced) return;
              announced = true;
              print(`following changes of ${options.username} (Ctrl-C to stop)`);
              client.connection.subscribe(({ state, transport }) => {
                if (state === 'reconnecting') print(`connection lost; reconnecting (${transport})…`);
              });
            },
            onData: ({ id, data }) => {
              lastEventId = id;
              print(describeChange(data));
            },
            onError: (error) => {
              sub.unsubscribe();
              reject(error);
            },
            onComplete: resolve,
          });
          options.signal.addEventListener('abort', () => {
            sub.unsubscribe();
            resolve();
          });
          if (options.signal.aborted) resolve();
        });
        return;
      } catch (error) {
        // Sessions live in the server's memory: a restart ends them. Log in again and go on
        // after the last change printed.
        if (options.signal.aborted || !isCofferError(error, 'UNAUTHORIZED')) throw error;
        print('session ended (server restarted?); logging in again');
        await logInOrRegister(client, options);
      }
    }
  } finally {
    await client.close();
  }
}

/** One line for one `live.changes` event. */
export function describeChange(event: LiveEvent['data']): string {
  if (event.kind === 'resync') return `resync: changes up to #${event.latestSeq} were compacted`;
  const { change } = event;
  const at = new Date(change.at).toISOString().slice(11, 19);
  switch (change.entity) {
    case 'entry':
      return `#${change.seq} ${at} entry ${change.op}: ${change.row.date} ${(change.row.amount / 100).toFixed(2)} ${change.row.payee}`;
    case 'account':
      return `#${change.seq} ${at} account ${change.op}: ${change.row.name} (${change.row.kind}, ${change.row.currency})`;
    case 'importBatch':
      return `#${change.seq} ${at} import ${change.op}: ${change.row.sourceName} (${change.row.status}, ${change.row.added} added)`;
    case 'ledger':
      return `#${change.seq} ${at} ledger reset`;
  }
}
