import type { ChangeEvent } from 'react';
import { AccountSelect, useChosenAccount } from './account-select.tsx';
import type { AccountBalance } from './use-balances.ts';
import { type ImportState, useCsvImport } from './use-csv-import.ts';

/** Props of {@link CsvImport}. */
export interface CsvImportProps {
  readonly accounts: readonly AccountBalance[];
}

/** Percent shown for an import: 100 only once it has finished. */
function percentOf(state: ImportState): number {
  if (state.phase === 'succeeded') return 100;
  if (state.phase !== 'running' || state.total === 0) return 0;
  return Math.min(99, Math.floor((state.done / state.total) * 100));
}

/** Imports a CSV file (`date,amount,payee,memo,category,tags`) into an account, with a progress bar. */
export function CsvImport({ accounts }: CsvImportProps) {
  const { state, start } = useCsvImport();
  const [account, setAccountId] = useChosenAccount(accounts);
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file && account) start(file, account.accountId);
    event.target.value = '';
  };
  const percent = percentOf(state);

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import CSV</h2>
      {accounts.length === 0 ? (
        <p className="muted">Add an account first.</p>
      ) : (
        <div className="stack">
          <AccountSelect
            accounts={accounts}
            account={account}
            onSelect={setAccountId}
            label="Import into account"
          />
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            disabled={state.phase === 'running'}
            onChange={onFile}
          />
          <p className="muted small">Columns: date, amount, payee, memo, category, tags.</p>
        </div>
      )}
      {state.phase !== 'idle' && (
        <div className="import-status" data-testid="import-status" data-phase={state.phase}>
          <div className="row">
            <span className="ellipsis">{state.fileName}</span>
            <span className="spacer" />
            <span>{percent}%</span>
          </div>
          <progress max={100} value={percent} aria-label="Import progress" />
          <p className="muted small">
            {state.phase === 'running' &&
              (state.total > 0
                ? `${state.done.toLocaleString()} of ${state.total.toLocaleString()} rows`
                : 'Uploading…')}
            {state.phase === 'succeeded' && describe(state)}
          </p>
          {state.phase === 'failed' && <p className="error">{state.message}</p>}
        </div>
      )}
    </section>
  );
}

function describe(state: Extract<ImportState, { phase: 'succeeded' }>): string {
  const { summary } = state;
  if (summary === null) return 'Imported.';
  if (summary.duplicateOf !== null)
    return `Already imported: ${summary.rows.toLocaleString()} rows, none added.`;
  const invalid = summary.invalid > 0 ? `, ${summary.invalid} invalid` : '';
  return `Imported ${summary.added.toLocaleString()} of ${summary.rows.toLocaleString()} rows (${summary.skipped} already there${invalid}).`;
}
