import type { RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../trpc.ts';

type LiveEvent = SubscriptionEvent<RouterOutputs['live']['changes']>['data'];
type Change = Extract<LiveEvent, { kind: 'change' }>['change'];

/** How long changes are gathered before the data they touch is refetched (an import sends thousands). */
const REFRESH_DELAY_MS = 300;

/** What the app shows of the change stream. */
export interface LiveChanges {
  /** Changes received since the dashboard opened. */
  readonly received: number;
  /** The newest change, for the status line. */
  readonly last: Change | null;
}

interface Pending {
  entries: boolean;
  accounts: boolean;
  received: number;
  last: Change | null;
  timer: number | null;
}

/**
 * Follows `live.changes` (resumed by the client after the last event it delivered, across
 * reconnects) and refetches what changed: entries, accounts and reports. Changes are gathered for
 * {@link REFRESH_DELAY_MS}, so an import's thousands of inserts cost a few refetches and renders.
 */
export function useLiveChanges(): LiveChanges {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveChanges>({ received: 0, last: null });
  const pending = useRef<Pending>({ entries: false, accounts: false, received: 0, last: null, timer: null });

  useEffect(() => {
    const batch = pending.current;
    return () => {
      if (batch.timer !== null) window.clearTimeout(batch.timer);
      batch.timer = null;
    };
  }, []);

  const flush = () => {
    const batch = pending.current;
    const { entries, accounts, received, last } = batch;
    Object.assign(batch, { entries: false, accounts: false, timer: null });
    if (entries) void queryClient.invalidateQueries(trpc.entries.pathFilter());
    if (accounts) void queryClient.invalidateQueries(trpc.accounts.pathFilter());
    void queryClient.invalidateQueries(trpc.reports.pathFilter());
    setState({ received, last });
  };

  const gather = (what: { entries: boolean; accounts: boolean; change: Change | null }) => {
    const batch = pending.current;
    batch.entries ||= what.entries;
    batch.accounts ||= what.accounts;
    if (what.change !== null) {
      batch.received += 1;
      batch.last = what.change;
    }
    batch.timer ??= window.setTimeout(flush, REFRESH_DELAY_MS);
  };

  useSubscription(
    trpc.live.changes.subscriptionOptions(undefined, {
      onData: ({ data }) => {
        if (data.kind === 'resync') {
          gather({ entries: true, accounts: true, change: null });
          return;
        }
        const { change } = data;
        gather({
          entries: change.entity !== 'account',
          accounts: change.entity === 'account' || change.entity === 'ledger',
          change,
        });
      },
    }),
  );
  return state;
}
