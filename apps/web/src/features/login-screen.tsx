import { type FormEvent, useState } from 'react';
import { explainError } from '../lib/explain-error.ts';
import { useSession } from '../session/session-context.ts';

/** Sign in, or create a user (which creates their encrypted ledger) and sign in. */
export function LoginScreen() {
  const { signIn, endedBecause } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (mode: 'login' | 'register') => {
    setBusy(true);
    setError(null);
    try {
      await signIn(mode, { username: username.trim(), password });
    } catch (failure) {
      setError(explainError(failure));
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    void submit(submitter?.getAttribute('value') === 'register' ? 'register' : 'login');
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={onSubmit} aria-label="Sign in">
        <h1>Coffer</h1>
        <p className="muted">Your ledger, encrypted on this server.</p>
        {endedBecause && <p className="notice">{endedBecause}</p>}
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            required
            maxLength={64}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" value="login" disabled={busy}>
            Log in
          </button>
          <button type="submit" value="register" className="secondary" disabled={busy}>
            Create account
          </button>
        </div>
      </form>
    </main>
  );
}
