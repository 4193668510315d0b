import type { RouterOutputs } from '@coffer/client';
import { skipToken, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { explainError } from '../lib/explain-error.ts';
import { formatMoney } from '../lib/money.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useTRPC } from '../trpc.ts';
import type { AccountBalance } from './use-balances.ts';

type Entry = RouterOutputs['entries']['get'];

const PAGE_SIZE = 50;

/** Props of {@link EntriesTable}. */
export interface EntriesTableProps {
  readonly accounts: readonly AccountBalance[];
}

/**
 * The entries, newest first: `entries.list` page by page (keyset cursor) as the table scrolls, or
 * the best `entries.search` hits while the search box has text.
 */
export function EntriesTable({ accounts }: EntriesTableProps) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 250);
  const searching = query !== '';

  const pages = useInfiniteQuery(
    trpc.entries.list.infiniteQueryOptions(searching ? skipToken : { limit: PAGE_SIZE }, {
      getNextPageParam: (page) => page.nextCursor,
    }),
  );
  const hits = useQuery(trpc.entries.search.queryOptions(searching ? { query, limit: 100 } : skipToken));

  const entries: Entry[] = searching
    ? (hits.data?.map((hit) => hit.entry) ?? [])
    : (pages.data?.pages.flatMap((page) => page.items) ?? []);
  const error = searching ? hits.error : pages.error;
  const loading = searching ? hits.isPending : pages.isPending;

  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    const target = sentinel.current;
    if (searching || !hasNextPage || target === null) return;
    const observer = new IntersectionObserver(
      ([seen]) => {
        if (seen?.isIntersecting && !isFetchingNextPage) void fetchNextPage();
      },
      { root: scroller.current, rootMargin: '200px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [searching, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const accountById = new Map(accounts.map((a) => [a.accountId, a]));
  return (
    <section className="card" aria-labelledby="entries-title">
      <div className="card-head">
        <h2 id="entries-title">Entries</h2>
        <input
          type="search"
          aria-label="Search entries"
          placeholder="Search payee, memo, category…"
          maxLength={200}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </div>
      {error && <p className="error">{explainError(error)}</p>}
      <div className="table-scroll" ref={scroller}>
        <table data-testid="entries">
          <thead>
            <tr>
              <th>Date</th>
              <th>Payee</th>
              <th>Category</th>
              <th>Account</th>
              <th className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const account = accountById.get(entry.accountId);
              return (
                <tr key={entry.id}>
                  <td>{entry.date}</td>
                  <td>
                    {entry.payee}
                    {entry.memo && <span className="muted"> · {entry.memo}</span>}
                  </td>
                  <td>{entry.category ?? ''}</td>
                  <td>{account?.name ?? `#${entry.accountId}`}</td>
                  <td className={entry.amount < 0 ? 'num negative' : 'num'}>
                    {formatMoney(entry.amount, account?.currency ?? 'EUR')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div ref={sentinel} className="table-foot muted">
          {loading && 'Loading…'}
          {!loading && entries.length === 0 && (searching ? 'No match.' : 'No entries yet.')}
          {isFetchingNextPage && 'Loading more…'}
          {searching && hits.data && `${hits.data.length} best match${hits.data.length === 1 ? '' : 'es'}`}
        </div>
      </div>
    </section>
  );
}
