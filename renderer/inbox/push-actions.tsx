/**
 * A push's own buttons and the one-line notes about what happened to it: the user's choice
 * ("Approved 12:04"), the sender's update, completion or withdrawal. Shared by the row (compact)
 * and the detail pane. Labels and confirm questions are the sender's text, shown as text.
 */
import type { InboxItem } from '../../core/inbox-storage.ts';
import type { PushAction } from '../../core/push.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { formatWhen } from './format.ts';
import { actionButtonClass, choosableActions, needsAcknowledgement } from './push-choices.ts';

export interface ChoiceHandlers {
  /** Asks first when the choice needs confirming (see push-choices.ts). */
  choose(item: InboxItem, action: PushAction): void;
  acknowledge(item: InboxItem): void;
}

interface PushActionsProps {
  item: InboxItem;
  now: number;
  handlers: ChoiceHandlers;
  /** The row's small form. */
  compact?: boolean;
}

export function PushActions({ item, now, handlers, compact = false }: PushActionsProps) {
  const { t, locale } = useI18n();
  if (item.state === 'retracted') return null;
  if (item.chosenAction) {
    return (
      <span className="push-chosen bidi" dir="auto">
        {t('item.chosen', {
          label: item.chosenAction.label,
          time: formatWhen(item.chosenAction.at, locale, now),
        })}
      </span>
    );
  }
  const actions = choosableActions(item);
  const ack = needsAcknowledgement(item);
  if (actions.length === 0 && !ack) return null;
  // A click on a row's button is the choice only, not also a click that opens the row.
  const stop = compact
    ? (event: { stopPropagation(): void }) => event.stopPropagation()
    : undefined;
  return (
    <span
      className={compact ? 'push-actions is-compact' : 'push-actions'}
      role="group"
      aria-label={t('item.pushActions')}
      onClick={stop}
    >
      {ack ? (
        <button
          type="button"
          className={compact ? 'button button-small push-ack' : 'button push-ack'}
          onClick={() => handlers.acknowledge(item)}
        >
          {t('action.acknowledge')}
        </button>
      ) : null}
      {actions.map((action) => (
        <button
          key={action.id}
          type="button"
          className={actionButtonClass(action, compact)}
          data-action-id={action.id}
          onClick={() => handlers.choose(item, action)}
        >
          <span className="bidi" dir="auto">
            {action.label}
          </span>
        </button>
      ))}
    </span>
  );
}

/** The sender's side of the story in one line each: updated, completed, withdrawn. */
export function SenderNotes({
  item,
  now,
  chips = false,
}: {
  item: InboxItem;
  now: number;
  chips?: boolean;
}) {
  const { t, locale } = useI18n();
  const notes: Array<{ key: string; text: string }> = [];
  if (item.state === 'retracted') notes.push({ key: 'withdrawn', text: t('item.withdrawn') });
  if (item.state === 'done') notes.push({ key: 'completed', text: t('item.completedBySender') });
  if (item.updatedAt !== null && item.state !== 'retracted') {
    notes.push({
      key: 'updated',
      text: t('item.updated', { time: formatWhen(item.updatedAt, locale, now) }),
    });
  }
  return notes.map(({ key, text }) => (
    <span key={key} className={chips ? `chip sender-note is-${key}` : `sender-note is-${key}`}>
      {text}
    </span>
  ));
}
