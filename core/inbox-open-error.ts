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
