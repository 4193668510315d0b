import { useState } from 'react';
import type { AccountBalance } from './use-balances.ts';

/**
 * The account a form works on: the one picked last, else the first of `accounts` (`undefined` when
 * there is none), and how to pick another.
 */
export function useChosenAccount(
  accounts: readonly AccountBalance[],
): [AccountBalance | undefined, (accountId: number) => void] {
  const [accountId, setAccountId] = useState<number | null>(null);
  return [accounts.find((a) => a.accountId === accountId) ?? accounts[0], setAccountId];
}

/** Props of {@link AccountSelect}. */
export interface AccountSelectProps {
  readonly accounts: readonly AccountBalance[];
  /** The selected account (from {@link useChosenAccount}). */
  readonly account: AccountBalance | undefined;
  /** Called with the id of the account picked. */
  readonly onSelect: (accountId: number) => void;
  /** The accessible name of the select. */
  readonly label: string;
}

/** A select listing `accounts` by name. */
export function AccountSelect({ accounts, account, onSelect, label }: AccountSelectProps) {
  return (
    <select
      aria-label={label}
      value={account?.accountId ?? ''}
      onChange={(event) => onSelect(Number(event.target.value))}
    >
      {accounts.map((a) => (
        <option key={a.accountId} value={a.accountId}>
          {a.name}
        </option>
      ))}
    </select>
  );
}
