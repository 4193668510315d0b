import { useConnectionStatus } from '../live/use-connection-status.ts';
import { useLiveChanges } from '../live/use-live-changes.ts';

const LABELS = { connecting: 'connecting…', open: 'live', reconnecting: 'reconnecting…', closed: 'offline' };

/**
 * Follows `live.changes` for the dashboard and shows the live connection: its state, transport,
 * and how many changes arrived.
 */
export function ConnectionBadge() {
  const status = useConnectionStatus();
  const { received, last } = useLiveChanges();
  const title = last ? `last change: ${last.entity} ${last.op} #${last.entityId}` : 'no change received yet';
  return (
    <span className={`badge badge-${status.state}`} title={title} data-testid="connection">
      <span className="dot" aria-hidden="true" />
      {LABELS[status.state]}
      {status.state === 'open' && ` · ${status.transport}`}
      {received > 0 && ` · ${received} change${received === 1 ? '' : 's'}`}
    </span>
  );
}
