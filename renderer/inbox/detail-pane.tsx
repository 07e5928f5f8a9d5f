/**
 * The selected message in full: text wraps and keeps its line breaks (CSS pre-wrap), every
 * field is a text node. The link is a button that asks main to open the item's own link
 * (main re-checks it is http/https); the page never holds an <a href> to push content.
 */
import type { InboxItem } from '../../core/inbox-storage.ts';
import { dueInfo } from './inbox-model.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CheckIcon, ExternalIcon, MailIcon, TrashIcon } from '../shared/icons.tsx';
import { formatDateTime, formatFullDateTime } from './format.ts';
import { PriorityBadge } from './priority-badge.tsx';
import { PushActions, SenderNotes, type ChoiceHandlers } from './push-actions.tsx';

export interface ItemActions extends ChoiceHandlers {
  toggleRead(item: InboxItem): void;
  toggleDone(item: InboxItem): void;
  remove(item: InboxItem): void;
  openLink(item: InboxItem): void;
}

interface DetailProps {
  item: InboxItem | null;
  now: number;
  actions: ItemActions;
}

export function DetailPane({ item, now, actions }: DetailProps) {
  const { t, locale } = useI18n();
  if (!item) {
    return (
      <section className="detail detail-none" aria-live="polite">
        <MailIcon />
        <p>{t('detail.none')}</p>
        <p className="shortcuts">{t('detail.shortcuts')}</p>
      </section>
    );
  }
  const due = item.kind === 'todo' ? dueInfo(item, now) : null;
  // A withdrawn push keeps its title only: no body, link or buttons (docs/wire-format.md).
  const withdrawn = item.state === 'retracted';
  return (
    <section
      className={withdrawn ? 'detail is-withdrawn' : 'detail'}
      aria-labelledby="detail-title"
    >
      <div className="detail-toolbar" role="toolbar" aria-label={item.title}>
        <button type="button" className="button" onClick={() => actions.toggleRead(item)}>
          <MailIcon />
          {t(item.read ? 'action.markUnread' : 'action.markRead')}
        </button>
        {item.kind === 'todo' && !withdrawn ? (
          <button
            type="button"
            className={item.done ? 'button' : 'button button-primary'}
            onClick={() => actions.toggleDone(item)}
          >
            <CheckIcon />
            {t(item.done ? 'action.markUndone' : 'action.markDone')}
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" className="button button-danger" onClick={() => actions.remove(item)}>
          <TrashIcon />
          {t('action.delete')}
        </button>
      </div>
      <div className="detail-scroll">
        <div className="detail-kicker">
          <span>{t(`kind.${item.kind}`)}</span>
          {item.category ? (
            <>
              <span aria-hidden="true">·</span>
              <span className="bidi" dir="auto">
                {item.category}
              </span>
            </>
          ) : null}
          <PriorityBadge priority={item.priority} />
          {item.done ? <span className="chip chip-done">{t('item.done')}</span> : null}
        </div>
        <h1 id="detail-title" className="detail-title bidi" dir="auto">
          {item.title}
        </h1>
        <div className="detail-meta">
          <span className="bidi" dir="auto">
            {t('detail.from', { sender: item.from })}
          </span>
          <span>
            {t('detail.sent', { date: formatFullDateTime(item.sentAt, locale) })}
            {item.delayed ? ` · ${t('detail.delayed')}` : ''}
          </span>
          {due ? (
            <span className={due.overdue ? 'due is-overdue' : 'due'}>
              {t(due.overdue ? 'due.overdue' : 'due.at', {
                date: formatDateTime(due.at, locale, now),
              })}
            </span>
          ) : null}
        </div>
        <div className="detail-notes">
          <SenderNotes item={item} now={now} />
        </div>
        <PushActions item={item} now={now} handlers={actions} />
        {withdrawn ? null : (
          <div className="detail-body bidi" dir="auto">
            {item.body}
          </div>
        )}
        {item.url && !withdrawn ? (
          <div className="detail-link">
            <button
              type="button"
              className="button button-primary"
              onClick={() => actions.openLink(item)}
            >
              <ExternalIcon />
              <span className="bidi" dir="auto">
                {item.urlLabel ?? t('action.openLink')}
              </span>
            </button>
            <span className="detail-url bidi" dir="auto">
              {item.url}
            </span>
          </div>
        ) : null}
      </div>
    </section>
  );
}
