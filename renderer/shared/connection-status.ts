/**
 * What the status bar says for a connection state, and which action it offers. Pure, so the
 * countdown and the choice of action are unit-tested.
 */
import type { ConnectionView, Language } from '../../core/desktop-api.ts';
import { problemDetail, problemText } from '../../shared/i18n/connection-problems.ts';
import type { MessageKey } from './i18n.ts';

export interface StatusLine {
  key: MessageKey;
  values: Record<string, string | number>;
  tone: 'info' | 'warning' | 'error';
  /** The button the bar offers: retry now, or fix the account. */
  action: 'reconnect' | 'settings' | null;
  /** The message behind a problem Herald cannot word, shown smaller beside the sentence. */
  detail?: string | null;
}

/** null when online: a healthy connection needs no bar. The problem is worded in `language`. */
export function describeConnection(
  view: ConnectionView,
  now: number,
  language: Language,
): StatusLine | null {
  switch (view.state) {
    case 'online':
      return null;
    case 'unconfigured':
      return { key: 'status.unconfigured', values: {}, tone: 'info', action: 'settings' };
    case 'connecting':
      return { key: 'status.connecting', values: {}, tone: 'info', action: null };
    case 'reconnecting': {
      const seconds = Math.ceil((view.nextAttemptAt - now) / 1000);
      if (seconds <= 0) {
        return { key: 'status.reconnectingNow', values: {}, tone: 'warning', action: null };
      }
      return view.problem
        ? {
            key: 'status.reconnectingReason',
            values: { seconds, reason: problemText(language, view.problem) },
            tone: 'warning',
            action: 'reconnect',
            detail: problemDetail(view.problem),
          }
        : { key: 'status.reconnecting', values: { seconds }, tone: 'warning', action: 'reconnect' };
    }
    case 'auth-failed':
      return {
        key: 'status.authFailed',
        values: { reason: problemText(language, view.problem) },
        tone: 'error',
        action: 'settings',
        detail: problemDetail(view.problem),
      };
    case 'error':
      return {
        key: 'status.error',
        values: { reason: problemText(language, view.problem) },
        tone: 'error',
        action: 'reconnect',
        detail: problemDetail(view.problem),
      };
    case 'offline':
      return { key: 'status.offline', values: {}, tone: 'warning', action: 'reconnect' };
  }
}
