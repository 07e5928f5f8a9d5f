/**
 * The answer of GET /v1/push/:id: the push's revision and state, and per recipient what
 * its client reported, each with when (the user's time for what the user did).
 */
import type { PushRecord, RecordedEvent, RecipientRecord } from './gateway-store.ts';

type When = { at: string } | null;

export function describePush(record: PushRecord) {
  return {
    id: record.id,
    createdAt: iso(record.createdAt),
    rev: record.draft.rev,
    state: record.draft.state ?? 'open',
    recipients: record.recipients.map((recipient) => describeRecipient(record, recipient)),
  };
}

function describeRecipient(record: PushRecord, recipient: RecipientRecord) {
  const { events } = recipient;
  const first = (type: RecordedEvent['type']) => events.find((e) => e.type === type);
  const action = first('action');
  return {
    jid: recipient.jid,
    state: recipient.state,
    updatedAt: iso(recipient.updatedAt),
    delivered: when(first('delivered')),
    // Read/unread and done/undone go by the latest user time, as on the user's devices.
    read: when(latest(events, ['read'], ['unread'])),
    // Choosing an action also makes the item done (docs/wire-format.md).
    done: when(latest(events, ['done', 'action'], ['undone'])),
    // It also acknowledges a push that asks for that, as it does on the user's devices.
    acknowledged: when(
      earliest([first('acknowledged'), record.draft.ackRequired ? action : undefined]),
    ),
    action: action
      ? {
          id: action.action,
          label: record.draft.actions?.find((a) => a.id === action.action)?.label ?? null,
          at: iso(action.at),
        }
      : null,
    deleted: when(first('deleted')),
  };
}

/** The latest of the `on` and `off` events, if it is an `on` one. */
function latest(
  events: readonly RecordedEvent[],
  on: readonly RecordedEvent['type'][],
  off: readonly RecordedEvent['type'][],
): RecordedEvent | undefined {
  let last: RecordedEvent | undefined;
  for (const event of events) {
    if ((on.includes(event.type) || off.includes(event.type)) && (!last || event.at >= last.at))
      last = event;
  }
  return last && on.includes(last.type) ? last : undefined;
}

/** The one the user chose first (final events keep the earliest time, as the devices do). */
function earliest(events: ReadonlyArray<RecordedEvent | undefined>): RecordedEvent | undefined {
  let first: RecordedEvent | undefined;
  for (const event of events) if (event && (!first || event.at < first.at)) first = event;
  return first;
}

function when(event: RecordedEvent | undefined): When {
  return event ? { at: iso(event.at) } : null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
