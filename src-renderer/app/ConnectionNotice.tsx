/**
 * Says so when this tab cannot use the web host: the host serves the page to anyone on
 * this machine, but the API needs the session token from the link it printed. A tab opened
 * without that link (or kept open across a host restart, which mints a new token) would
 * otherwise look normal while every action failed.
 */
import { useEffect, useState } from 'react';
import { onConnectionStatus, type ConnectionStatus } from '../bridge';
import { Icon } from '../ui/icons';

export function ConnectionNotice() {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  useEffect(() => onConnectionStatus(setStatus), []);
  if (status !== 'unauthorized') return null;
  return (
    <div className="wm-connection-notice" role="alert" data-testid="connection-notice">
      <Icon name="error" size={16} />
      <div>
        <strong>Not connected to the Waymark host.</strong> This tab has no valid session token. Open the link that{' '}
        <code>waymark serve</code> (or <code>npm run web</code>) printed in the terminal — a restarted host prints a new
        one.
      </div>
    </div>
  );
}
