import type { RouterOutputs } from '@coffer/client';
import { useQuery } from '@tanstack/react-query';
import { today } from '../lib/dates.ts';
import { useTRPC } from '../trpc.ts';

/** One open account with its balance today. */
export type AccountBalance = RouterOutputs['reports']['balances']['accounts'][number];

/** Every open account with its balance at the end of today (`reports.balances`). */
export function useBalances() {
  const trpc = useTRPC();
  return useQuery(trpc.reports.balances.queryOptions({ asOf: today() }));
}
