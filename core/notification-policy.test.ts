import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  NotificationCoalescer,
  decideNotification,
  dndUntil,
} from './notification-policy.ts';
import type { NotificationInput, NotificationSummary } from './notification-policy.ts';
import type { PushPriority } from './push.ts';
import { FakeClock } from '../test/support/fake-clock.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const MIN = 60_000;

function input(overrides: {
  priority?: PushPriority;
  delayed?: boolean;
  sentAt?: number;
  source?: 'live' | 'catch-up';
  settings?: NotificationInput['settings'];
  recentToastTimes?: number[];
}): NotificationInput {
  return {
    push: {
      id: 'p1',
      priority: overrides.priority ?? 'normal',
      delayed: overrides.delayed ?? false,
      sentAt: overrides.sentAt ?? NOW,
    },
    source: overrides.source ?? 'live',
    now: NOW,
    settings: overrides.settings ?? {},
    state: {
      recentToastTimes: overrides.recentToastTimes ?? [],
    },
  };
}

const decide = (overrides: Parameters<typeof input>[0]) => decideNotification(input(overrides));

describe('decideNotification', () => {
  it('toasts a fresh live push', () => {
    expect(decide({})).toEqual({ action: 'toast' });
  });

  it('sends old delayed pushes to the inbox silently', () => {
    expect(decide({ delayed: true, sentAt: NOW - 10 * MIN - 1 })).toEqual({
      action: 'silent',
      reason: 'stale',
    });
    expect(decide({ delayed: true, sentAt: NOW - 10 * MIN })).toEqual({ action: 'toast' });
    expect(
      decide({ delayed: true, sentAt: NOW - 2 * MIN, settings: { staleAfterMs: MIN } }),
    ).toMatchObject({
      reason: 'stale',
    });
    // Not delayed: the sentAt is just receivedAt, so age alone never silences it.
    expect(decide({ delayed: false, sentAt: NOW - 60 * MIN })).toEqual({ action: 'toast' });
  });

  it('checks staleness before do-not-disturb', () => {
    expect(
      decide({ delayed: true, sentAt: NOW - 60 * MIN, settings: { dndUntil: NOW + MIN } }),
    ).toMatchObject({
      reason: 'stale',
    });
  });

  it('silences toasts during do-not-disturb', () => {
    for (const priority of ['low', 'normal', 'high'] as const) {
      expect(decide({ priority, settings: { dndUntil: NOW + 1 } })).toEqual({
        action: 'silent',
        reason: 'dnd',
      });
    }
  });

  it('lets urgent pushes through do-not-disturb only when the setting allows it', () => {
    expect(decide({ priority: 'urgent', settings: { dndUntil: NOW + MIN } })).toEqual({
      action: 'toast',
    });
    expect(
      decide({ priority: 'urgent', settings: { dndUntil: NOW + MIN, urgentBreaksDnd: false } }),
    ).toEqual({ action: 'silent', reason: 'dnd' });
  });

  it('treats do-not-disturb as over at its end time', () => {
    expect(decide({ settings: { dndUntil: NOW } })).toEqual({ action: 'toast' });
    expect(decide({ settings: { dndUntil: NOW - MIN } })).toEqual({ action: 'toast' });
    expect(decide({ settings: { dndUntil: null } })).toEqual({ action: 'toast' });
  });

  it('coalesces catch-up, after the silent checks', () => {
    expect(decide({ source: 'catch-up' })).toEqual({ action: 'coalesce' });
    expect(decide({ source: 'catch-up', settings: { dndUntil: NOW + MIN } })).toMatchObject({
      reason: 'dnd',
    });
    expect(
      decide({ source: 'catch-up', priority: 'urgent', settings: { dndUntil: NOW + MIN } }),
    ).toEqual({
      action: 'coalesce',
    });
  });

  it('coalesces once burstLimit toasts were shown within the window', () => {
    const times = [NOW - 9_000, NOW - 5_000, NOW - 1];
    expect(decide({ recentToastTimes: times.slice(1) })).toEqual({ action: 'toast' });
    expect(decide({ recentToastTimes: times })).toEqual({ action: 'coalesce' });
    // A toast exactly one window ago no longer counts; a time in the future never does.
    expect(decide({ recentToastTimes: [NOW - 10_000, NOW - 5_000, NOW - 1] })).toEqual({
      action: 'toast',
    });
    expect(decide({ recentToastTimes: [NOW + 5, NOW - 5_000, NOW - 1] })).toEqual({
      action: 'toast',
    });
    expect(decide({ recentToastTimes: times, settings: { burstLimit: 5 } })).toEqual({
      action: 'toast',
    });
  });

  it('shows the first three of a live burst and coalesces the rest', () => {
    const toasts: number[] = [];
    const actions = Array.from({ length: 10 }, (_, i) => {
      const now = NOW + i * 100;
      const decision = decideNotification({ ...input({ recentToastTimes: toasts }), now });
      if (decision.action === 'toast') toasts.push(now);
      return decision.action;
    });
    expect(actions).toEqual(['toast', 'toast', 'toast', ...Array<string>(7).fill('coalesce')]);
  });

  it('fills missing or undefined settings from the defaults', () => {
    expect(DEFAULT_NOTIFICATION_SETTINGS).toEqual({
      dndUntil: null,
      urgentBreaksDnd: true,
      staleAfterMs: 10 * MIN,
      burstLimit: 3,
      burstWindowMs: 10_000,
      reminderIntervalMs: 5 * MIN,
    });
    expect(
      decide({ delayed: true, sentAt: NOW - 11 * MIN, settings: { staleAfterMs: undefined } }),
    ).toMatchObject({
      reason: 'stale',
    });
  });
});

function setup(extra: { maxWaitMs?: number } = {}) {
  const clock = new FakeClock(0);
  const summaries: NotificationSummary[] = [];
  const coalescer = new NotificationCoalescer({
    clock,
    quietMs: 2_000,
    onSummary: (summary) => summaries.push(summary),
    ...extra,
  });
  return { clock, summaries, coalescer };
}

describe('NotificationCoalescer', () => {
  it('emits one summary once no push was added for quietMs', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.add('a', 'low');
    coalescer.add('b', 'high');
    coalescer.add('c', 'normal');
    clock.advance(1_999);
    expect(summaries).toEqual([]);
    clock.advance(1);
    expect(summaries).toEqual([{ count: 3, pushIds: ['a', 'b', 'c'], highestPriority: 'high' }]);
    expect(coalescer.pending).toBe(0);
  });

  it('restarts the quiet period on every addition (debounce)', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.add('a', 'normal');
    clock.advance(1_999);
    coalescer.add('b', 'urgent');
    clock.advance(1_999);
    expect(summaries).toEqual([]);
    clock.advance(1);
    expect(summaries).toEqual([{ count: 2, pushIds: ['a', 'b'], highestPriority: 'urgent' }]);
    clock.advance(60_000);
    expect(summaries).toHaveLength(1);
  });

  it('a wall clock set back during the quiet period does not hold the summary', () => {
    const { clock, summaries, coalescer } = setup();
    clock.setWallTime(Date.UTC(2026, 11, 2, 9));
    coalescer.add('a', 'normal');
    coalescer.add('b', 'normal');
    clock.advance(1_000);
    clock.setWallTime(Date.UTC(2026, 11, 2, 8)); // an hour back (NTP, the user)
    clock.advance(1_000);
    expect(summaries).toEqual([{ count: 2, pushIds: ['a', 'b'], highestPriority: 'normal' }]);
  });

  it('flushes immediately (end of catch-up) and leaves no timer behind', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.add('a', 'normal');
    coalescer.flush();
    expect(summaries).toEqual([{ count: 1, pushIds: ['a'], highestPriority: 'normal' }]);
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(summaries).toHaveLength(1);
  });

  it('never emits an empty summary', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.flush();
    clock.advance(10_000);
    coalescer.add('a', 'low');
    coalescer.flush();
    coalescer.flush();
    clock.advance(10_000);
    expect(summaries.map((s) => s.count)).toEqual([1]);
  });

  it('never counts the same push twice, within or across summaries', () => {
    const { summaries, coalescer } = setup();
    coalescer.add('a', 'low');
    coalescer.add('a', 'urgent');
    coalescer.flush();
    coalescer.add('a', 'normal');
    coalescer.add('b', 'normal');
    coalescer.flush();
    expect(summaries).toEqual([
      { count: 1, pushIds: ['a'], highestPriority: 'low' },
      { count: 1, pushIds: ['b'], highestPriority: 'normal' },
    ]);
  });

  it('shows a summary after maxWaitMs even while pushes keep trickling in', () => {
    const { clock, summaries, coalescer } = setup({ maxWaitMs: 10_000 });
    for (let i = 0; i < 12; i += 1) {
      coalescer.add(`p${i}`, 'normal');
      clock.advance(1_000);
    }
    expect(summaries.map((s) => s.count)).toEqual([10]);
    clock.advance(2_000);
    expect(summaries.map((s) => s.count)).toEqual([10, 2]);
  });

  it('while held, a pause in the backlog makes no summary: the catch-up ends in one', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.hold();
    coalescer.add('a', 'normal');
    clock.advance(11_000); // the server pauses halfway through its offline backlog
    coalescer.add('b', 'high');
    clock.advance(30_000);
    expect(summaries).toEqual([]);
    coalescer.flush();
    expect(summaries).toEqual([{ count: 2, pushIds: ['a', 'b'], highestPriority: 'high' }]);
    coalescer.add('c', 'normal'); // the hold ended with the flush
    clock.advance(2_000);
    expect(summaries.map((s) => s.count)).toEqual([2, 1]);
  });

  it('after release, what was held is shown once the next quiet period passed', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.hold();
    coalescer.add('a', 'normal');
    clock.advance(5_000);
    coalescer.release();
    clock.advance(1_999);
    expect(summaries).toEqual([]);
    clock.advance(1);
    expect(summaries.map((s) => s.count)).toEqual([1]);
    expect(clock.pending).toBe(0);
  });

  it('drops pending pushes and timers on dispose', () => {
    const { clock, summaries, coalescer } = setup();
    coalescer.add('a', 'normal');
    coalescer.dispose();
    expect(clock.pending).toBe(0);
    coalescer.add('b', 'normal');
    coalescer.flush();
    clock.advance(10_000);
    expect(summaries).toEqual([]);
  });

  it('turns a 10,000-push catch-up into exactly one summary and zero toasts', () => {
    const { clock, summaries, coalescer } = setup();
    const decisions = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const decision = decideNotification({
        push: {
          id: `p${i}`,
          priority: i === 4_321 ? 'urgent' : 'normal',
          delayed: true,
          sentAt: clock.now(),
        },
        source: 'catch-up',
        now: clock.now(),
        settings: {},
        state: { recentToastTimes: [] },
      });
      decisions.set(decision.action, (decisions.get(decision.action) ?? 0) + 1);
      if (decision.action === 'coalesce') coalescer.add(`p${i}`, i === 4_321 ? 'urgent' : 'normal');
      if (i % 100 === 0) clock.advance(10); // pages arrive faster than the quiet period
    }
    coalescer.flush();
    clock.advance(60_000);
    expect(decisions.get('toast') ?? 0).toBe(0);
    expect(decisions.get('coalesce')).toBe(10_000);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ count: 10_000, highestPriority: 'urgent' });
    expect(new Set(summaries[0]?.pushIds).size).toBe(10_000);
    expect(clock.timersSet).toBe(1);
  });
});

describe('dndUntil', () => {
  const at = (iso: string) => Date.parse(iso);

  it('handles off and one hour', () => {
    expect(dndUntil('off', NOW)).toBeNull();
    expect(dndUntil('1h', NOW)).toBe(NOW + 60 * MIN);
  });

  it.each([
    ['an evening in Shanghai', '2026-11-24T15:00:00Z', 480, '2026-11-25T00:00:00Z'],
    ['08:00 exactly (tomorrow, not now)', '2026-11-24T00:00:00Z', 480, '2026-11-25T00:00:00Z'],
    ['07:59 (tomorrow, not in a minute)', '2026-11-23T23:59:00Z', 480, '2026-11-25T00:00:00Z'],
    ['01:30 (after sleeping, this morning)', '2026-11-24T17:30:00Z', 480, '2026-11-25T00:00:00Z'],
    ['an afternoon in New York', '2026-11-24T20:00:00Z', -300, '2026-11-25T13:00:00Z'],
    ['New Year’s Eve in UTC', '2026-12-31T22:00:00Z', 0, '2027-01-01T08:00:00Z'],
    ['a half-hour zone (India)', '2026-11-24T12:00:00Z', 330, '2026-11-25T02:30:00Z'],
  ])('ends "tomorrow" at 08:00 local: %s', (_name, now, offset, expected) => {
    expect(new Date(dndUntil('tomorrow', at(now), offset) ?? 0).toISOString()).toBe(
      new Date(at(expected)).toISOString(),
    );
  });

  it("uses this machine's zone when no offset is given", () => {
    for (const now of [at('2026-03-28T22:00:00Z'), at('2026-07-01T03:00:00Z'), NOW]) {
      const expected = new Date(now);
      if (expected.getHours() >= 4) expected.setDate(expected.getDate() + 1);
      expected.setHours(8, 0, 0, 0);
      expect(dndUntil('tomorrow', now)).toBe(expected.getTime());
    }
  });
});
