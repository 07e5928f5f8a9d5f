/** To-do / News / All with unread counts (keys 1–3 switch too; see keyboard.ts). */
import type { InboxCounts } from '../../core/inbox-storage.ts';
import { TABS, type Tab } from './inbox-model.ts';
import { useI18n } from '../shared/i18n-context.tsx';

interface TabBarProps {
  tab: Tab;
  counts: InboxCounts;
  onChange(tab: Tab): void;
}

export function TabBar({ tab, counts, onChange }: TabBarProps) {
  const { t } = useI18n();
  return (
    <div className="tabs" role="tablist" aria-label={t('tabs.label')}>
      {TABS.map((name) => {
        const unread = counts[name].unread;
        return (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            data-tab={name}
            aria-selected={tab === name}
            aria-controls="inbox-panel"
            tabIndex={tab === name ? 0 : -1}
            className="tab"
            onClick={() => onChange(name)}
          >
            <span>{t(`tab.${name}`)}</span>
            {unread > 0 ? (
              <span className="count" aria-label={t('tab.unread', { count: unread })}>
                {unread > 999 ? '999+' : unread}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
