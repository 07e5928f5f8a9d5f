/** High and urgent get a visible marker; low and normal stay quiet. */
import type { PushPriority } from '../../core/push.ts';
import { useI18n } from '../shared/i18n-context.tsx';

export function PriorityBadge({ priority }: { priority: PushPriority }) {
  const { t } = useI18n();
  if (priority !== 'high' && priority !== 'urgent') return null;
  return (
    <span className={`badge badge-${priority}`}>
      {t(priority === 'urgent' ? 'priority.urgent' : 'priority.high')}
    </span>
  );
}
