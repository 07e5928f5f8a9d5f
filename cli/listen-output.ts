/** How `herald listen` prints events: JSON lines on stdout, or readable lines. */
import { describeStatus } from './status-text.ts';
import type { SessionStatus } from '../core/xmpp-session.ts';
import type { EngineEvents, EngineNotification } from '../core/engine.ts';
import type { Push } from '../core/push.ts';

type PushEvent = EngineEvents['push'][0];
type RevisedEvent = EngineEvents['revised'][0];
type UserEventEvent = EngineEvents['user-event'][0];
type Summary = Extract<EngineNotification, { action: 'summary' }>;

export interface EventPrinter {
  status(status: SessionStatus): void;
  push(event: PushEvent): void;
  summary(summary: Summary): void;
  /** A coalesced push that ended up alone, so it is shown after all. */
  heldToast(push: Push): void;
  /** A push that still waits for the user's acknowledgement alerts again. */
  reminder(push: Push): void;
  /** A later revision from the sender: updated, completed or withdrawn. */
  revised(event: RevisedEvent): void;
  expired(pushIds: string[]): void;
  /** The user's event: chosen on another of their devices (or this one's outbox). */
  userEvent(event: UserEventEvent): void;
  synced(result: { status: string; pages: number }): void;
  /** A line of stdin that chose nothing (cli/listen-commands.ts), and why. */
  refused(line: string, reason: string): void;
  ignored(event: { reason: string; from: string | null }): void;
  warning(message: string): void;
}

export function createEventPrinter(options: {
  json: boolean;
  verbose: boolean;
  out?: NodeJS.WritableStream;
}): EventPrinter {
  const print = writeTogether(options.out ?? process.stdout);
  const line = (object: Record<string, unknown>) => print(`${JSON.stringify(object)}\n`);
  const text = (message: string) => print(`${message}\n`);
  const log = (message: string) => process.stderr.write(`herald: ${message}\n`);

  if (options.json) {
    return {
      status: (status) => line({ type: 'status', ...statusFields(status) }),
      push: ({ push, source, decision }) => {
        line({
          type: 'push',
          ...push,
          sentAt: new Date(push.sentAt).toISOString(),
          receivedAt: new Date(push.receivedAt).toISOString(),
          source,
        });
        line({ type: 'notification', id: push.id, ...decision });
      },
      summary: ({ action, count, pushIds, highestPriority }) =>
        line({ type: 'notification', action, count, ids: pushIds, priority: highestPriority }),
      heldToast: (push) => line({ type: 'notification', id: push.id, action: 'toast', held: true }),
      reminder: (push) =>
        line({ type: 'notification', id: push.id, action: 'toast', reminder: true }),
      revised: ({ item, source }) =>
        line({
          type: revisionType(item.state),
          ...item,
          sentAt: new Date(item.sentAt).toISOString(),
          receivedAt: new Date(item.receivedAt).toISOString(),
          updatedAt: item.updatedAt === null ? null : new Date(item.updatedAt).toISOString(),
          source,
        }),
      expired: (pushIds) => {
        for (const id of pushIds) line({ type: 'expired', id });
      },
      userEvent: ({ event, source }) =>
        line({
          type: 'user-event',
          event: event.type,
          id: event.id,
          pushId: event.pushId,
          ...(event.action === null ? {} : { action: event.action }),
          at: new Date(event.at).toISOString(),
          source,
        }),
      synced: (result) => line({ type: 'synced', ...result }),
      refused: (input, reason) => line({ type: 'refused', line: clip(input), reason }),
      ignored: (event) =>
        options.verbose && log(`ignored message from ${event.from}: ${event.reason}`),
      warning: (message) => log(`warning: ${message}`),
    };
  }
  return {
    status: (status) => log(describeStatus(status)),
    push: ({ push, decision }) => {
      const mark = push.priority === 'urgent' ? '!! ' : push.priority === 'high' ? '! ' : '';
      const due = push.due ? ` (due ${push.due})` : '';
      text(`[${push.kind}] ${mark}${push.title}${due}`);
      if (push.body) text(indent(push.body));
      if (push.url) text(`  → ${push.url}`);
      if (options.verbose) log(`notification: ${decision.action}`);
    },
    summary: ({ count }) => text(`(${count} new messages arrived together)`),
    heldToast: (push) => options.verbose && log(`notification: toast for ${push.id}`),
    reminder: (push) => text(`(still waiting for your acknowledgement: ${push.title})`),
    revised: ({ item }) => {
      const what = {
        updated: 'updated',
        completed: 'completed by the sender',
        retracted: 'withdrawn by the sender',
      };
      text(`[${item.kind}] ${item.title} — ${what[revisionType(item.state)]}`);
    },
    expired: (pushIds) => {
      for (const id of pushIds) text(`(${id} expired)`);
    },
    userEvent: ({ event, source }) =>
      text(
        `(${event.pushId}: ${event.type}${event.action ? ` ${event.action}` : ''}${source === 'local' ? '' : ' on another device'})`,
      ),
    synced: (result) =>
      options.verbose && log(`archive catch-up ${result.status} (${result.pages} pages)`),
    refused: (input, reason) => log(`refused "${clip(input)}": ${reason}`),
    ignored: (event) =>
      options.verbose && log(`ignored message from ${event.from}: ${event.reason}`),
    warning: (message) => log(`warning: ${message}`),
  };
}

function revisionType(state: RevisedEvent['item']['state']): 'updated' | 'completed' | 'retracted' {
  return state === 'open' ? 'updated' : state === 'done' ? 'completed' : 'retracted';
}

/**
 * What is printed in one synchronous run leaves in one write: the engine announces a batch
 * it has just stored push by push, and a reader that sees one of them now sees them all.
 * Printed line by line, `herald listen` killed by a reader that had just seen one push died
 * with the rest of that batch on disk (so never announced again) but not yet printed.
 */
function writeTogether(out: NodeJS.WritableStream): (text: string) => void {
  let pending = '';
  const flush = () => {
    const text = pending;
    pending = '';
    out.write(text);
  };
  return (text) => {
    if (pending === '') process.nextTick(flush);
    pending += text;
  };
}

/** The JSON lines keep their English `reason` only: the problem code is the desktop UI's. */
function statusFields(status: SessionStatus): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...status };
  delete fields.problem;
  if (status.state === 'reconnecting') {
    fields.nextAttemptAt = new Date(status.nextAttemptAt).toISOString();
  }
  return fields;
}

/** The user's own line, echoed back; a pasted page need not come back whole. */
function clip(input: string): string {
  const limit = 200;
  return input.length > limit ? `${input.slice(0, limit)}…` : input;
}

function indent(body: string): string {
  return body
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
