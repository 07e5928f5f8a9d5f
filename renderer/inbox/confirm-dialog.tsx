/**
 * The question before a destructive or sender-confirmed choice: a modal <dialog> in the page
 * (never window.confirm), so it is themed, translated and announced as a dialog. Cancel has
 * the focus first; Escape cancels. The question is the sender's text, shown as text.
 */
import { useEffect, useRef } from 'react';
import type { PushAction } from '../../core/push.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { actionButtonClass } from './push-choices.ts';

interface ConfirmDialogProps {
  action: PushAction;
  /** The push's title, said under the question so the user knows which item it is. */
  title: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ action, title, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-question"
      aria-describedby="confirm-item"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <p id="confirm-question" className="confirm-question bidi" dir="auto">
        {action.confirm ?? t('confirm.generic')}
      </p>
      <p id="confirm-item" className="confirm-item bidi" dir="auto">
        {title}
      </p>
      <div className="confirm-buttons">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
        <button type="button" className={actionButtonClass(action, false)} onClick={onConfirm}>
          <span className="bidi" dir="auto">
            {action.label}
          </span>
        </button>
      </div>
    </dialog>
  );
}
