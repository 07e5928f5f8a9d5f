/**
 * Connection problems, in words, with the one action that helps. Hidden while online.
 * Ticks every second only while a reconnect countdown is showing.
 */
import type { ConnectionView } from '../../core/desktop-api.ts';
import { describeConnection } from '../connection-status.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { useNow } from '../shared/use-now.ts';

export function StatusBar({ connection }: { connection: ConnectionView | null }) {
  const { t } = useI18n();
  const now = useNow(1000, connection?.state === 'reconnecting');
  const line = connection ? describeConnection(connection, now) : null;
  if (!line) return null;
  return (
    <div className={`status-bar tone-${line.tone}`} role="status" data-state={connection?.state}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text bidi" dir="auto">
        {t(line.key, line.values)}
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
      {line.action === 'settings' ? (
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
