/**
 * Why the inbox file could not be opened, as a code with parameters: the desktop app's start-up
 * box words it in the user's language, `herald listen` and the logs in English.
 */
import { inboxOpenText } from '../shared/i18n/inbox-open-problems.ts';

/** The parameters of each problem. `reasonCode`: the OS's code (EROFS, EACCES…) as it gave it. */
export interface InboxOpenParams {
  'inbox-in-use': { folder: string };
  'inbox-not-writable': { folder: string; reasonCode: string };
  'inbox-too-new': { version: number; supported: number };
}

export type InboxOpenCode = keyof InboxOpenParams;

export type InboxOpenProblem = {
  [C in InboxOpenCode]: { code: C; params: InboxOpenParams[C] };
}[InboxOpenCode];

/** Its message is the English sentence, which the CLI prints as it is. */
export class InboxOpenError extends Error {
  override name = 'InboxOpenError';
  readonly problem: InboxOpenProblem;

  constructor(problem: InboxOpenProblem, options?: ErrorOptions) {
    super(inboxOpenText('en', problem), options);
    this.problem = problem;
  }
}

/**
 * Not a failure: the inbox file was unreadable (corrupt), so it was moved aside and a new one
 * started. The user is told (shared/i18n/inbox-open-problems.ts words it); the engine restores
 * what the server still keeps, without alerting again.
 */
export interface InboxReplaced {
  /** Where the unreadable file is now. */
  aside: string;
  /** SQLite's message, shown beside the sentence, never inside it. */
  reason: string;
}
