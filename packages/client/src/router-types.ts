import type { AppRouter } from '@coffer/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type { AppRouter };

/** Input of every procedure, by path: `RouterInputs['system']['clock']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Output of every procedure, by path: `RouterOutputs['system']['health']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * What a subscription delivers to `onData`, from its `RouterOutputs` entry (an async iterable):
 * `SubscriptionEvent<RouterOutputs['system']['clock']>` is `{ id, data }` for tracked events.
 */
export type SubscriptionEvent<TOutput> =
  TOutput extends AsyncIterable<infer TEvent, unknown, unknown> ? TEvent : never;
