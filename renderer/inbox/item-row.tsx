/**
 * One inbox row. Memoized on the item object (deltas keep unchanged items identical), so
 * typing a search or moving the selection re-renders only the rows whose props changed.
 * Every piece of push text is a React text node with dir="auto" (see .bidi in the CSS).
 */
import { memo } from 'react';
import type { InboxItem } from '../../core/inbox-storage.ts';
import { dueInfo, firstLine } from './inbox-model.ts';
import { formatRelativeTime } from './relative-time.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { PriorityBadge } from './priority-badge.tsx';
import { formatDateTime } from './format.ts';
import { PushActions, SenderNotes, type ChoiceHandlers } from './push-actions.tsx';
import { needsAcknowledgement } from './push-choices.ts';

export const ROW_HEIGHT = 78;

interface RowProps {
  item: InboxItem;
  index: number;
  selected: boolean;
  /** Minute-resolution clock, for relative times and overdue. */
  now: number;
  top: number;
  onSelect(id: string): void;
  /** Stable across renders, so the memo holds. */
  choices: ChoiceHandlers;
}

export const ItemRow = memo(function ItemRow({
  item,
  index,
  selected,
  now,
  top,
  onSelect,
  choices,
}: RowProps) {
  const { t, locale } = useI18n();
  const due = item.kind === 'todo' ? dueInfo(item, now) : null;
  const classes = ['row', item.read ? 'is-read' : 'is-unread'];
  if (selected) classes.push('is-selected');
  if (item.done) classes.push('is-done');
  const withdrawn = item.state === 'retracted';
  if (withdrawn) classes.push('is-withdrawn');
  const ack = needsAcknowledgement(item);
  if (ack) classes.push('needs-ack');
  return (
    <div
      role="option"
      id={`row-${index}`}
      aria-selected={selected}
      aria-posinset={index + 1}
      data-item-id={item.id}
      className={classes.join(' ')}
      // Position comes from the virtualizer; the style prop sets CSSOM, which the CSP allows.
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(item.id)}
    >
      <span className="row-dot" aria-label={item.read ? undefined : t('item.unread')} />
      <div className="row-main">
        <div className="row-line">
          <span className="row-title bidi" dir="auto">
            {item.title}
          </span>
          <time className="row-time" dateTime={new Date(item.sentAt).toISOString()}>
            {formatRelativeTime(item.sentAt, now, locale)}
          </time>
        </div>
        <div className="row-preview bidi" dir="auto">
          {withdrawn ? null : firstLine(item.body)}
        </div>
        <div className="row-meta">
          <PriorityBadge priority={item.priority} />
          {item.category ? (
            <span className="chip bidi" dir="auto">
              {item.category}
            </span>
          ) : null}
          {item.done && item.state === 'open' ? (
            <span className="chip chip-done">{t('item.done')}</span>
          ) : null}
          {ack ? (
            <span className="chip chip-attention" title={t('item.needsAck')}>
              {t('item.needsAck')}
            </span>
          ) : null}
          <SenderNotes item={item} now={now} chips />
          {due && !withdrawn ? (
            <span className={due.overdue ? 'due is-overdue' : 'due'}>
              {t(due.overdue ? 'due.overdue' : 'due.at', {
                date: formatDateTime(due.at, locale, now),
              })}
            </span>
          ) : null}
          <PushActions item={item} now={now} handlers={choices} compact />
        </div>
      </div>
    </div>
  );
});
