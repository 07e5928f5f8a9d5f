/** How the CLI commands word a connection status. */
import type { SessionStatus } from '../core/xmpp-session.ts';
import { systemClock } from '../core/clock.ts';

/** `now`: the wall time on the clock that dated `nextAttemptAt` (the session's). */
export function describeStatus(status: SessionStatus, now = systemClock.now()): string {
  switch (status.state) {
    case 'online':
      return `online as ${status.jid}${status.resumed ? ' (session resumed)' : ''}`;
    case 'reconnecting': {
      const seconds = Math.max(0, Math.round((status.nextAttemptAt - now) / 1000));
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
