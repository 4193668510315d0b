import { type CofferClient, createCofferClient, isTRPCClientError } from '@coffer/client';

/** A signed-in client with its token. */
export interface SignedIn {
  client: CofferClient;
  token: string;
}

/** Registers (or logs in) `username` and returns a client that sends its token. */
export async function signIn(
  url: string,
  username: string,
  options: { register?: boolean; password?: string } = {},
): Promise<SignedIn> {
  const anonymous = createCofferClient({ url });
  const credentials = { username, password: options.password ?? 'correct horse battery' };
  const { token } =
    options.register === false
      ? await anonymous.trpc.auth.login.mutate(credentials)
      : await anonymous.trpc.auth.register.mutate(credentials);
  await anonymous.close();
  return { client: createCofferClient({ url, token, retryDelayMs: () => 100 }), token };
}

/** The tRPC error code of a rejected call (fails the test if it did not reject). */
export async function errorCode(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  if (!isTRPCClientError(error)) throw error;
  return String((error.data as { code?: string } | undefined)?.code);
}

/** A subscription's events gathered into an array, with a way to wait for a condition. */
export interface Collected<T> {
  readonly events: T[];
  /** Resolves once `predicate(events)` holds (rejects on the subscription's error or after `timeoutMs`). */
  until(predicate: (events: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** The subscription's error, if it failed. */
  readonly error: Promise<unknown>;
  /** Resolves when the server completes the subscription. */
  readonly completed: Promise<void>;
  unsubscribe(): void;
}

type Subscribe<T> = (handlers: {
  onData: (value: T) => void;
  onError: (error: unknown) => void;
  onComplete: () => void;
}) => { unsubscribe(): void };

/** Subscribes and collects every event. */
export function collect<T>(subscribe: Subscribe<T>): Collected<T> {
  const events: T[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown;
  let failed = false;
  let rejectError: (e: unknown) => void = () => {};
  let resolveCompleted: () => void = () => {};
  const error = new Promise<unknown>((resolve) => {
    rejectError = resolve;
  });
  const completed = new Promise<void>((resolve) => {
    resolveCompleted = resolve;
  });
  const subscription = subscribe({
    onData: (value) => {
      events.push(value);
      for (const wake of [...waiters]) wake();
    },
    onError: (e) => {
      failure = e;
      failed = true;
      rejectError(e);
      for (const wake of [...waiters]) wake();
    },
    onComplete: () => resolveCompleted(),
  });
  return {
    events,
    error,
    completed,
    unsubscribe: () => subscription.unsubscribe(),
    until: (predicate, timeoutMs = 20_000) =>
      new Promise<T[]>((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            cleanup();
            resolve(events);
          } else if (failed) {
            cleanup();
            reject(failure);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** A ledger CSV of `count` distinct rows. */
export function ledgerCsv(count: number, payee = 'Shop'): string {
  const lines = ['date,amount,payee,memo'];
  for (let i = 0; i < count; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `2024-0${(i % 9) + 1}-${day},-${(i % 500) + 1}.${String(i % 100).padStart(2, '0')},${payee} ${i},row ${i}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The account most tests create first: `Cash`, an asset in EUR. */
export const CASH_ACCOUNT = { name: 'Cash', kind: 'asset', currency: 'EUR' } as const;
