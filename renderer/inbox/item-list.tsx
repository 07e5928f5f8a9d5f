/**
 * The virtualized message list: only the rows in view (plus a few) exist in the DOM, so
 * 10,000 items cost the same as 20. A listbox with aria-activedescendant; the keyboard is
 * handled by the window (see inbox-app), the list only follows the selection.
 */
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { InboxItem } from '../../core/inbox-storage.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { ItemRow, ROW_HEIGHT } from './item-row.tsx';
import type { ChoiceHandlers } from './push-actions.tsx';

interface ListProps {
  items: InboxItem[];
  selectedIndex: number;
  now: number;
  emptyText: string;
  onSelect(id: string): void;
  choices: ChoiceHandlers;
}

export function ItemList({ items, selectedIndex, now, emptyText, onSelect, choices }: ListProps) {
  const { t } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => items[index]?.id ?? index,
  });

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  if (items.length === 0) {
    return (
      <div className="list-empty" role="status">
        <p className="bidi" dir="auto">
          {emptyText}
        </p>
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      id="inbox-list"
      className="list-scroll"
      role="listbox"
      aria-label={t('list.label')}
      aria-activedescendant={selectedIndex >= 0 ? `row-${selectedIndex}` : undefined}
      tabIndex={0}
    >
      <div className="list-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <ItemRow
              key={row.key}
              item={item}
              index={row.index}
              selected={row.index === selectedIndex}
              now={now}
              top={row.start}
              onSelect={onSelect}
              choices={choices}
            />
          );
        })}
      </div>
    </div>
  );
}
