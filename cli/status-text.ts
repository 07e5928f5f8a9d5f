/** How the CLI commands word a connection status. */
import type { SessionStatus } from '../core/xmpp-session.ts';

export function describeStatus(status: SessionStatus): string {
  switch (status.state) {
    case 'online':
      return `online as ${status.jid}${status.resumed ? ' (session resumed)' : ''}`;
    case 'reconnecting': {
      const seconds = Math.max(0, Math.round((status.nextAttemptAt - Date.now()) / 1000));
      return `disconnected${status.reason ? `: ${status.reason}` : ''}; retrying in ${seconds} s`;
    }
    case 'auth-failed':
      return `login failed: ${status.reason}`;
    case 'error':
      return `error: ${status.reason}`;
    default:
      return status.state;
  }
}
