import { Dashboard } from './features/dashboard.tsx';
import { LoginScreen } from './features/login-screen.tsx';
import { useSession } from './session/session-context.ts';

/** The login screen, or the signed-in user's dashboard. */
export function App() {
  const { user } = useSession();
  return user === null ? <LoginScreen /> : <Dashboard user={user} />;
}
