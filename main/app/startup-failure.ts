/**
 * What the user sees when the app cannot start: an error box naming the cause, in their
 * language, before the process ends with a non-zero exit. Without it a throw during start-up
 * left a process with no tray, no window and the single-instance lock held. No Electron here.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Language } from '../../core/desktop-api.ts';
import { t } from '../i18n/i18n.ts';

export interface StartupFailure {
  title: string;
  content: string;
}

/** The error box for `error`: its message, then each `cause` that adds something. */
export function startupFailure(error: unknown, language: Language): StartupFailure {
  const reasons: string[] = [];
  for (let at: unknown = error; at !== undefined && reasons.length < 4;) {
    const message = at instanceof Error ? at.message : String(at);
    if (message && !reasons.some((reason) => reason.includes(message))) reasons.push(message);
    at = at instanceof Error ? at.cause : undefined;
  }
  const [first = t(language, 'startup.unknown'), ...causes] = reasons;
  const sentence = first.charAt(0).toUpperCase() + first.slice(1);
  return {
    title: t(language, 'startup.failedTitle'),
    content: [sentence, ...causes.map((cause) => `(${cause})`), '', t(language, 'startup.logHint')]
      .join('\n')
      .trim(),
  };
}

/**
 * Why the profile folder cannot be used, or null when it can. Chromium refuses the
 * single-instance lock when it cannot write its lock file there, which looks exactly like
 * "another Herald is running"; this tells the two apart.
 */
export function profileFolderProblem(folder: string): string | null {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS'
        ? 'it is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message;
    return `cannot use the data folder ${folder}: it is not writable (${why})`;
  }
}
