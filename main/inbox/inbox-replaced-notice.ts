/**
 * Tells the user, once at start, that their inbox file was unreadable and a new one was started
 * (core/sqlite-inbox-storage.ts moved the old one aside): a warning box in the app's language,
 * SQLite's own message as its detail. Without it only the log knew why the inbox had emptied.
 */
import { inboxReplacedText } from '../../shared/i18n/inbox-open-problems.ts';
import type { AppService } from '../app-service.ts';

export interface InboxReplacedNoticeOptions {
  service: Pick<AppService, 'inboxReplaced' | 'settingsView'>;
  /** A warning box (dialog.showMessageBox). */
  showWarning(message: string, detail: string): Promise<unknown>;
}

/** Shows the box when the inbox was replaced at start; resolves once it is closed. */
export async function showInboxReplacedNotice(options: InboxReplacedNoticeOptions): Promise<void> {
  const replaced = options.service.inboxReplaced();
  if (!replaced) return;
  const language = options.service.settingsView().effectiveLanguage;
  await options.showWarning(inboxReplacedText(language, replaced), replaced.reason);
}
