import { describe, expectTypeOf, it } from 'vitest';
import {
  type CofferClient,
  createCofferClient,
  type RouterInputs,
  type RouterOutputs,
  type SubscriptionEvent,
} from '../src/index.js';

/*
 * Type-level contract: `pnpm typecheck` (tsc) fails if any `@ts-expect-error` below stops being an
 * error, i.e. if a misspelled procedure or a wrong input ever compiles. The function is never
 * called: only the compiler runs it.
 */
function compileTimeChecks(client: CofferClient) {
  // @ts-expect-error — misspelled procedure
  void client.trpc.system.healht.query();
  // @ts-expect-error — a query has no `mutate`
  void client.trpc.system.health.mutate();
  // @ts-expect-error — intervalMs must be a number
  client.trpc.system.clock.subscribe({ intervalMs: 'fast' }, {});
  // @ts-expect-error — unknown router
  void client.trpc.ledger.list.query();
}

describe('router types seen by the client', () => {
  it('infers outputs and inputs from the router', () => {
    expectTypeOf<RouterOutputs['system']['health']>().toEqualTypeOf<{
      status: 'ok';
      uptimeSeconds: number;
      version: string;
    }>();
    expectTypeOf<RouterInputs['system']['clock']>().toMatchTypeOf<{ intervalMs?: number }>();
    expectTypeOf(compileTimeChecks).parameter(0).toEqualTypeOf<CofferClient>();
  });

  it('types the procedures of a created client', () => {
    const client = createCofferClient({ url: 'http://127.0.0.1:1' });
    expectTypeOf(client.trpc.system.health.query).returns.resolves.toEqualTypeOf<
      RouterOutputs['system']['health']
    >();
    void client.close();
  });
});

describe('subscription event types', () => {
  it('unwraps a subscription output to the tracked event onData receives', () => {
    expectTypeOf<SubscriptionEvent<RouterOutputs['system']['clock']>>().toEqualTypeOf<{
      id: string;
      data: { seq: number; now: string };
    }>();
  });
});
