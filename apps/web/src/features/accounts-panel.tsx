import type { RouterInputs, RouterOutputs } from '@coffer/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { explainError } from '../lib/explain-error.ts';
import { formatMoney } from '../lib/money.ts';
import { useTRPC } from '../trpc.ts';

type AccountKind = RouterInputs['accounts']['create']['kind'];
const KINDS: readonly AccountKind[] = ['asset', 'liability', 'income', 'expense', 'equity'];

/** Props of {@link AccountsPanel}. */
export interface AccountsPanelProps {
  readonly balances: RouterOutputs['reports']['balances'] | undefined;
  readonly loading: boolean;
}

/** Open accounts with today's balance, net worth per currency, and a form for a new account. */
export function AccountsPanel({ balances, loading }: AccountsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AccountKind>('asset');
  const [currency, setCurrency] = useState('EUR');
  const create = useMutation(
    trpc.accounts.create.mutationOptions({
      onSuccess: () => {
        setName('');
        return queryClient.invalidateQueries(trpc.reports.balances.queryFilter());
      },
    }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), kind, currency: currency.trim().toUpperCase() });
  };

  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      {loading && <p className="muted">Loading…</p>}
      {balances && balances.accounts.length === 0 && <p className="muted">No account yet: add one below.</p>}
      <ul className="accounts" data-testid="accounts">
        {balances?.accounts.map((account) => (
          <li key={account.accountId}>
            <span>
              {account.name} <span className="muted">{account.kind}</span>
            </span>
            <span className={account.balance < 0 ? 'amount negative' : 'amount'}>
              {formatMoney(account.balance, account.currency)}
            </span>
          </li>
        ))}
      </ul>
      {balances?.byCurrency.map((total) => (
        <p key={total.currency} className="net-worth">
          Net worth <strong>{formatMoney(total.netWorth, total.currency)}</strong>
        </p>
      ))}
      <form className="stack" onSubmit={onSubmit} aria-label="New account">
        <div className="row">
          <input
            aria-label="Account name"
            placeholder="New account"
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <select
            aria-label="Kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as AccountKind)}
          >
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <input
            aria-label="Currency"
            className="currency"
            required
            pattern="[A-Za-z]{3}"
            maxLength={3}
            value={currency}
            onChange={(event) => setCurrency(event.target.value)}
          />
        </div>
        {create.error && <p className="error">{explainError(create.error)}</p>}
        <button type="submit" disabled={create.isPending}>
          Add account
        </button>
      </form>
    </section>
  );
}
