/**
 * What the inbox offers for a push's own buttons and acknowledgement, as pure rules over the
 * item (docs/wire-format.md, "What the user sees"), so rows and the detail pane agree.
 */
import type { InboxItem } from '../../core/inbox-storage.ts';
import type { PushAction } from '../../core/push.ts';

/** The push's buttons while the user can still choose one: open, and nothing chosen yet. */
export function choosableActions(item: InboxItem): PushAction[] {
  return item.state === 'open' && item.chosenAction === null ? item.actions : [];
}

/** An `ackRequired` push the user has not acknowledged (nor answered with a button). */
export function needsAcknowledgement(item: InboxItem): boolean {
  return (
    item.ackRequired &&
    item.acknowledgedAt === null &&
    item.chosenAction === null &&
    item.state === 'open'
  );
}

/** Destructive choices, and any the sender asks to confirm, go through a dialog first. */
export function needsConfirmation(action: PushAction): boolean {
  return action.style === 'destructive' || action.confirm !== null;
}

/** The button's class: the sender's style, as the app's own primary and danger buttons. */
export function actionButtonClass(action: PushAction, compact: boolean): string {
  const classes = ['button', 'push-action'];
  if (compact) classes.push('button-small');
  if (action.style === 'primary') classes.push('button-primary');
  if (action.style === 'destructive') classes.push('button-danger');
  return classes.join(' ');
}
