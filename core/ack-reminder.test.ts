/** Re-alerting until acknowledged, on fake time. */
import { describe, expect, test } from 'vitest';
import { AckReminder } from './ack-reminder.ts';
import { newInboxItem, type InboxItem } from './inbox-storage.ts';
import { mayRemind } from './notification-policy.ts';
import { makePush } from '../test/support/pushes.ts';
import { FakeClock } from '../test/support/fake-clock.ts';

const MINUTE = 60_000;

function setUp(intervalMs = 5 * MINUTE) {
  const clock = new FakeClock();
  const reminded: string[][] = [];
  const attention: string[][] = [];
  let interval = intervalMs;
  const reminder = new AckReminder({
    clock,
    intervalMs: () => interval,
    onRemind: (items) => reminded.push(items.map((item) => item.id)),
    onAttention: (ids) => attention.push([...ids]),
  });
  const setInterval = (ms: number) => (interval = ms);
  return { clock, reminder, reminded, attention, setInterval };
}

const needsAck = (id: string, overrides: Partial<InboxItem> = {}): InboxItem => ({
  ...newInboxItem(makePush({ id, ackRequired: true })),
  ...overrides,
});

describe('AckReminder', () => {
  test('alerts again every interval until the user acknowledges it', () => {
    const { clock, reminder, reminded, attention } = setUp();
    reminder.track('alarm', needsAck('alarm'));
    expect(attention).toEqual([['alarm']]);
    clock.advance(5 * MINUTE - 1);
    expect(reminded).toEqual([]);
    clock.advance(1);
    clock.advance(5 * MINUTE);
    expect(reminded).toEqual([['alarm'], ['alarm']]);
    reminder.track('alarm', needsAck('alarm', { acknowledgedAt: clock.now() }));
    clock.advance(60 * MINUTE);
    expect(reminded).toHaveLength(2);
    expect(attention.at(-1)).toEqual([]);
  });

  test.each([
    ['completed by the sender', { state: 'done' as const }],
    ['withdrawn by the sender', { state: 'retracted' as const }],
  ])('stops when %s, and when it leaves the inbox', (_name, change) => {
    const { clock, reminder, reminded } = setUp();
    reminder.track('a', needsAck('a'));
    reminder.track('b', needsAck('b'));
    reminder.track('a', needsAck('a', change));
    reminder.track('b', undefined); // expired or deleted
    clock.advance(60 * MINUTE);
    expect(reminded).toEqual([]);
    expect(reminder.waiting).toEqual([]);
  });

  test('a push that asks for nothing is never reminded; a revision keeps the schedule', () => {
    const { clock, reminder, reminded, attention } = setUp();
    reminder.track('plain', newInboxItem(makePush({ id: 'plain' })));
    reminder.track('alarm', needsAck('alarm'));
    clock.advance(3 * MINUTE);
    reminder.track('alarm', needsAck('alarm', { title: 'Updated', rev: 1 }));
    clock.advance(2 * MINUTE);
    expect(reminded).toEqual([['alarm']]);
    expect(attention).toEqual([['alarm']]);
  });

  test('a changed interval applies from the next reminder', () => {
    const { clock, reminder, reminded, setInterval } = setUp(5 * MINUTE);
    reminder.track('alarm', needsAck('alarm'));
    setInterval(MINUTE);
    clock.advance(5 * MINUTE);
    clock.advance(MINUTE);
    expect(reminded).toEqual([['alarm'], ['alarm']]);
  });
});

describe('mayRemind', () => {
  const now = Date.UTC(2026, 11, 2, 9);
  test('do-not-disturb holds reminders back unless urgent breaks through', () => {
    expect(mayRemind(now, {})).toBe(true);
    expect(mayRemind(now, { dndUntil: now + 1, urgentBreaksDnd: false })).toBe(false);
    expect(mayRemind(now, { dndUntil: now + 1, urgentBreaksDnd: true })).toBe(true);
    expect(mayRemind(now, { dndUntil: now, urgentBreaksDnd: false })).toBe(true);
  });
});
