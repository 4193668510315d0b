import { ConnectionBadge } from '../components/connection-badge.tsx';
import { type SessionUser, useSession } from '../session/session-context.ts';
import { AccountsPanel } from './accounts-panel.tsx';
import { CsvImport } from './csv-import.tsx';
import { EntriesTable } from './entries-table.tsx';
import { EntryForm } from './entry-form.tsx';
import { MonthlyChart } from './monthly-chart.tsx';
import { useBalances } from './use-balances.ts';

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  readonly user: SessionUser;
}

/** The signed-in screen: accounts, import, the monthly chart, a new entry, the entries. */
export function Dashboard({ user }: DashboardProps) {
  const { signOut } = useSession();
  const balances = useBalances();
  const accounts = balances.data?.accounts ?? [];
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">Coffer</strong>
        <ConnectionBadge />
        <span className="spacer" />
        <span className="muted">{user.username}</span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Log out
        </button>
      </header>
      <main className="layout">
        <aside className="side">
          <AccountsPanel balances={balances.data} loading={balances.isPending} />
          <CsvImport accounts={accounts} />
        </aside>
        <section className="content">
          <MonthlyChart accounts={accounts} />
          <EntryForm accounts={accounts} />
          <EntriesTable accounts={accounts} />
        </section>
      </main>
    </div>
  );
}
