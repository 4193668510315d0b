/**
 * The stuck client of the slow-consumer benchmark, in its own process so that the backlog it reads
 * when it wakes up does not hold up the event loop that times the other subscribers. One
 * connection (`SLOW_URL`, `SLOW_TOKEN`) with `SLOW_SUBSCRIPTIONS` subscriptions to `live.changes`,
 * driven over IPC: `connect`, `window` (the changes to account for), `pause`, `resume`, `status`.
 */
import { userOfChange } from './ipc-protocol.js';
import { DeliveryLog, LightSubscriber } from './light-subscriber.js';

/** What the benchmark asks of the stuck client. */
export type SlowClientRequest =
  | { readonly id: number; readonly op: 'connect' | 'pause' | 'resume' | 'status' | 'close' }
  | { readonly id: number; readonly op: 'window'; readonly first: number; readonly count: number };

/** What it answers: close codes so far, and over the window, changes of its user missing or doubled. */
export interface SlowClientStatus {
  readonly id: number;
  readonly closeCodes: readonly number[];
  readonly lost: number;
  readonly duplicates: number;
}

const users = Number(process.env.BENCH_USERS ?? 10);
const user = Number(process.env.SLOW_USER ?? 0);
const hotUser = process.env.SLOW_HOT_USER === undefined ? null : Number(process.env.SLOW_HOT_USER);
const log = new DeliveryLog();
const subscriber = new LightSubscriber({
  url: process.env.SLOW_URL as string,
  token: process.env.SLOW_TOKEN as string,
  subscriptions: Number(process.env.SLOW_SUBSCRIPTIONS ?? 100),
  log,
});
let window = { first: 0, count: 0 };

process.on('message', (request: SlowClientRequest) => {
  void handle(request).then(() => process.send?.(status(request.id)));
});

async function handle(request: SlowClientRequest): Promise<void> {
  switch (request.op) {
    case 'connect':
      return subscriber.connect();
    case 'window':
      window = { first: request.first, count: request.count };
      log.window(request.first, request.count);
      return;
    case 'pause':
      return subscriber.pause();
    case 'resume':
      return subscriber.resume();
    case 'status':
      return;
    case 'close':
      await subscriber.close();
      setImmediate(() => process.exit(0));
  }
}

function status(id: number): SlowClientStatus {
  let lost = 0;
  let duplicates = 0;
  for (const seen of subscriber.seen) {
    for (let i = window.first; i < window.first + window.count; i += 1) {
      if (userOfChange(i, users, hotUser) !== user) continue;
      const times = seen.get(i) ?? 0;
      if (times === 0) lost += 1;
      else duplicates += times - 1;
    }
  }
  return { id, closeCodes: [...subscriber.closeCodes], lost, duplicates };
}
