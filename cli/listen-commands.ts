/**
 * What `herald listen` reads on stdin: the user's choices on their pushes, one per line, so
 * a headless client closes the loop as the inbox window does. Without them a push that asks
 * for an acknowledgement would alert again every few minutes with no way to stop it.
 *
 *   done erp-4411                      read, unread, done, undone, ack, delete
 *   action erp-4411 approve            one of the push's buttons, by id
 *   {"event":"action","pushId":"erp-4411","action":"approve"}    the user-event line's shape
 *
 * Each choice goes where the window's would (core/engine.ts `choose`): the inbox, the push's
 * sender and the user's other devices, or the outbox until the next connection.
 */
import { USER_EVENT_TYPES, type UserEvent, type UserEventType } from '../core/user-events.ts';
import type { InboxItem } from '../core/inbox-storage.ts';
import { choiceRefusal, type ChoiceRefusal, type Inbox } from '../core/inbox.ts';
import type { HeraldEngine } from '../core/engine.ts';

export interface ListenCommand {
  type: UserEventType;
  pushId: string;
  action: string | null;
}

export type ParsedCommand =
  { ok: true; command: ListenCommand } | { ok: false; reason: string } | null;

/** The short words a person types; the event names themselves work too. */
const ALIASES: ReadonlyMap<string, UserEventType> = new Map([
  ['ack', 'acknowledged'],
  ['delete', 'deleted'],
]);

const USAGE = 'expected "read|unread|done|undone|ack|delete ID" or "action ID ACTION"';

/** One line of stdin; null for a blank one. Never throws: the line is the user's text. */
export function parseCommand(line: string): ParsedCommand {
  const text = line.trim();
  if (text === '') return null;
  const json = text.startsWith('{') || text.startsWith('[');
  return json ? parseJsonCommand(text) : parseWords(text.split(/\s+/));
}

function parseWords(words: string[]): ParsedCommand {
  const [word = '', pushId, action, ...rest] = words;
  const type = eventType(word.toLowerCase());
  if (!type) return { ok: false, reason: `unknown command "${word}"; ${USAGE}` };
  if (pushId === undefined) return { ok: false, reason: `"${word}" needs a push id; ${USAGE}` };
  if (type === 'action') {
    if (action === undefined || rest.length)
      return { ok: false, reason: 'expected "action ID ACTION" (the button\'s id)' };
    return { ok: true, command: { type, pushId, action } };
  }
  if (action !== undefined) return { ok: false, reason: `"${word}" takes one push id; ${USAGE}` };
  return { ok: true, command: { type, pushId, action: null } };
}

function parseJsonCommand(text: string): ParsedCommand {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'expected a JSON object' };
  const { event, pushId, action } = value as Record<string, unknown>;
  const type = typeof event === 'string' ? eventType(event) : null;
  if (!type) return { ok: false, reason: `"event" must be one of ${USER_EVENT_TYPES.join(', ')}` };
  if (typeof pushId !== 'string' || pushId === '')
    return { ok: false, reason: '"pushId" must be a non-empty string' };
  if (type !== 'action') return { ok: true, command: { type, pushId, action: null } };
  if (typeof action !== 'string' || action === '')
    return { ok: false, reason: '"action" must be the id of one of the push\'s buttons' };
  return { ok: true, command: { type, pushId, action } };
}

function eventType(word: string): UserEventType | null {
  const alias = ALIASES.get(word);
  if (alias) return alias;
  return (USER_EVENT_TYPES as readonly string[]).includes(word) ? (word as UserEventType) : null;
}

/** What was recorded, or why nothing was: each refusal names what the user can fix. */
export type CommandOutcome = { ok: true; event: UserEvent } | { ok: false; reason: string };

export function runCommand(
  command: ListenCommand,
  inbox: Pick<Inbox, 'get'>,
  engine: Pick<HeraldEngine, 'choose'>,
): CommandOutcome {
  const item = inbox.get(command.pushId);
  if (!item) return { ok: false, reason: `no push "${command.pushId}" in the inbox` };
  const refusal = choiceRefusal(item, command.type, command.action);
  if (refusal) return { ok: false, reason: refusalReason(refusal, item, command) };
  const event = engine.choose(command.pushId, command.type, {
    ...(command.action === null ? {} : { action: command.action }),
  });
  // choose() checks the same rule (choiceRefusal), so null here cannot follow a null refusal.
  return event ? { ok: true, event } : { ok: false, reason: 'nothing to change' };
}

function refusalReason(refusal: ChoiceRefusal, item: InboxItem, command: ListenCommand): string {
  switch (refusal) {
    case 'no-such-action': {
      const ids = item.actions.map((each) => each.id);
      return ids.length
        ? `"${command.action}" is not one of its actions (${ids.join(', ')})`
        : 'this push has no actions';
    }
    case 'action-chosen':
      return `an action was already chosen (${item.chosenAction?.id})`;
    case 'actions-closed':
      return `it is ${item.state}: its actions are closed`;
    case 'unchanged':
      return `it is already ${command.type}`;
  }
}
