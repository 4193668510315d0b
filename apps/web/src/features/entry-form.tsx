import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { today } from '../lib/dates.ts';
import { explainError } from '../lib/explain-error.ts';
import { parseMoney } from '../lib/money.ts';
import { useTRPC } from '../trpc.ts';
import { AccountSelect, useChosenAccount } from './account-select.tsx';
import type { AccountBalance } from './use-balances.ts';

/** Props of {@link EntryForm}. */
export interface EntryFormProps {
  readonly accounts: readonly AccountBalance[];
}

/** Adds one entry (`entries.create`): account, date, amount in the account's currency, payee, category. */
export function EntryForm({ accounts }: EntryFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [account, setAccountId] = useChosenAccount(accounts);
  const [date, setDate] = useState(today);
  const [amount, setAmount] = useState('');
  const [payee, setPayee] = useState('');
  const [category, setCategory] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const create = useMutation(
    trpc.entries.create.mutationOptions({
      onSuccess: () => {
        setAmount('');
        setPayee('');
        return Promise.all([
          queryClient.invalidateQueries(trpc.entries.pathFilter()),
          queryClient.invalidateQueries(trpc.reports.pathFilter()),
        ]);
      },
    }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!account) return;
    const minor = parseMoney(amount, account.currency);
    if (minor === null) {
      setInvalid(`Amount: a number like -12.50 (${account.currency})`);
      return;
    }
    setInvalid(null);
    create.mutate({
      accountId: account.accountId,
      date,
      amount: minor,
      payee: payee.trim(),
      category: category.trim() === '' ? null : category.trim(),
    });
  };

  return (
    <section className="card" aria-labelledby="entry-title">
      <h2 id="entry-title">New entry</h2>
      {accounts.length === 0 ? (
        <p className="muted">Add an account first.</p>
      ) : (
        <form className="entry-form" onSubmit={onSubmit} aria-label="New entry">
          <AccountSelect accounts={accounts} account={account} onSelect={setAccountId} label="Account" />
          <input
            aria-label="Date"
            type="date"
            required
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
          <input
            aria-label="Amount"
            inputMode="decimal"
            placeholder="-12.50"
            required
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
          <input
            aria-label="Payee"
            placeholder="Payee"
            maxLength={200}
            value={payee}
            onChange={(event) => setPayee(event.target.value)}
          />
          <input
            aria-label="Category"
            placeholder="Category"
            maxLength={80}
            value={category}
            onChange={(event) => setCategory(event.target.value)}
          />
          <button type="submit" disabled={create.isPending}>
            Add
          </button>
          {(invalid ?? create.error) && <p className="error wide">{invalid ?? explainError(create.error)}</p>}
        </form>
      )}
    </section>
  );
}
