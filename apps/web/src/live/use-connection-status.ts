import type { ConnectionStatus } from '@coffer/client';
import { useCallback, useSyncExternalStore } from 'react';
import { useCofferClient } from '../coffer-context.ts';

/** The live connection's status (`connecting`, `open`, `reconnecting`, `closed`, and its transport). */
export function useConnectionStatus(): ConnectionStatus {
  const client = useCofferClient();
  const subscribe = useCallback((onChange: () => void) => client.connection.subscribe(onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.connection.current);
}
