import {
  type CofferClient,
  createCofferClient,
  type RouterOutputs,
  type SubscriptionEvent,
} from '@coffer/client';

/** Options of {@link runTour}. */
export interface TourOptions {
  /** Server base URL. */
  readonly url: string;
  /** Clock ticks to print before leaving. @default 3 */
  readonly ticks?: number;
  /** Milliseconds between ticks. @default 500 */
  readonly intervalMs?: number;
  /** Where lines go. @default console.log */
  readonly print?: (line: string) => void;
}

/**
 * The CLI tour: prints the server's health, then a few live clock ticks from the WebSocket
 * subscription, then closes the connection.
 */
export async function runTour(options: TourOptions): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const client = createCofferClient({ url: options.url });
  try {
    const health = await client.trpc.system.health.query();
    print(`health: ${health.status} · version ${health.version} · up ${health.uptimeSeconds}s`);
    for (const tick of await takeTicks(client, options.ticks ?? 3, options.intervalMs ?? 500)) {
      print(`tick #${tick.data.seq} (event id ${tick.id}) at ${tick.data.now}`);
    }
  } finally {
    await client.close();
  }
}

type Tick = SubscriptionEvent<RouterOutputs['system']['clock']>;

function takeTicks(client: CofferClient, count: number, intervalMs: number): Promise<Tick[]> {
  return new Promise((resolve, reject) => {
    const ticks: Tick[] = [];
    const sub = client.trpc.system.clock.subscribe(
      { intervalMs },
      {
        onData: (tick) => {
          ticks.push(tick);
          if (ticks.length >= count) {
            sub.unsubscribe();
            resolve(ticks);
          }
        },
        onError: (error) => {
          sub.unsubscribe();
          reject(error);
        },
      },
    );
  });
}
