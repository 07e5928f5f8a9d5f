/**
 * Connection problems, in words, with the one action that helps. Hidden while online. The
 * inbox shows it above the list, Settings at the top (where "Open settings" would be no help,
 * and a first run's welcome already says the account is missing).
 * Ticks every second only while a reconnect countdown is showing.
 */
import type { ConnectionView } from '../../core/desktop-api.ts';
import { describeConnection } from './connection-status.ts';
import { useI18n } from './i18n-context.tsx';
import { useNow } from './use-now.ts';

interface StatusBarProps {
  connection: ConnectionView | null;
  /** false in Settings itself. */
  offerSettings?: boolean;
}

export function StatusBar({ connection, offerSettings = true }: StatusBarProps) {
  const { t, language } = useI18n();
  const now = useNow(1000, connection?.state === 'reconnecting');
  const line = connection ? describeConnection(connection, now, language) : null;
  if (!line || (!offerSettings && connection?.state === 'unconfigured')) return null;
  return (
    <div className={`status-bar tone-${line.tone}`} role="status" data-state={connection?.state}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text bidi" dir="auto">
        {t(line.key, line.values)}
        {line.detail ? (
          <small className="status-detail" dir="auto" data-error-detail="">
            {line.detail}
          </small>
        ) : null}
      </span>
      {line.action === 'reconnect' ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => void window.herald.reconnect()}
        >
          {t('action.reconnect')}
        </button>
      ) : null}
      {line.action === 'settings' && offerSettings ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => void window.herald.openSettings()}
        >
          {t('action.openSettings')}
        </button>
      ) : null}
    </div>
  );
}
