import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.ts';
import { GatewayStore, type NewPush } from './gateway-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'herald-gateway-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function open(clock: FakeClock, options: { ttlMs?: number; maxEntries?: number } = {}) {
  const path = join(dir, `store-${++files}.sqlite`);
  const make = () =>
    new GatewayStore(path, {
      ttlMs: options.ttlMs ?? 60_000,
      maxEntries: options.maxEntries ?? 10,
      clock,
    });
  return { store: make(), reopen: make };
}

function push(id: string, recipients = ['alice@example.com']): NewPush {
  return {
    id,
    fingerprint: `fp-${id}`,
    tokenName: 'erp',
    callbackUrl: 'https://erp.example.com/events',
    draft: { id, title: 'T', body: 'B' },
    recipients,
  };
}

describe('GatewayStore', () => {
  test('keeps pushes, delivery states, events and pending callbacks across a reopen', () => {
    const clock = new FakeClock();
    const { store, reopen } = open(clock);
    store.begin(push('p-1', ['alice@example.com', 'bob@example.com']));
    store.markSent('p-1', 0);
    expect(store.advance('p-1', 'alice@example.com', 'delivered')).toBe(true);
    expect(store.advance('p-1', 'alice@example.com', 'delivered')).toBe(false);
    expect(store.advance('p-1', 'mallory@example.com', 'read')).toBe(false);
    const event = { id: 'e-1', type: 'read' as const, action: null, at: 1000 };
    const callback = { eventId: 'e-1', url: 'https://x.example/cb', tokenName: 'erp', body: '{}' };
    expect(store.recordEvent('p-1', 'alice@example.com', event, callback)).toBe(true);
    expect(store.recordEvent('p-1', 'alice@example.com', event, callback)).toBe(false);
    store.saveRevision('p-1', { id: 'p-1', title: 'T2', body: 'B', rev: 1, state: 'done' });
    store.close();

    const again = reopen();
    expect(again.get('p-1')).toMatchObject({
      sentRev: 0,
      draft: { title: 'T2', rev: 1, state: 'done' },
      recipients: [
        { jid: 'alice@example.com', state: 'delivered', events: [event] },
        { jid: 'bob@example.com', state: 'sent', events: [] },
      ],
    });
    expect(again.dueCallbacks(10)).toMatchObject([{ eventId: 'e-1', attempts: 0 }]);
    again.callbackFailed('e-1', clock.now() + 5000);
    expect(again.dueCallbacks(10)).toEqual([]);
    expect(again.nextCallbackAt()).toBe(clock.now() + 5000);
    clock.advance(5000);
    expect(again.dueCallbacks(10)).toMatchObject([{ eventId: 'e-1', attempts: 1 }]);
    again.callbackDelivered('e-1');
    expect(again.nextCallbackAt()).toBeNull();
    again.close();
  });

  test('forgets pushes older than the TTL and beyond the maximum count, oldest first', () => {
    const clock = new FakeClock();
    const { store } = open(clock, { ttlMs: 10_000, maxEntries: 2 });
    store.begin(push('old'));
    clock.advance(11_000);
    expect(store.get('old')).toBeUndefined();
    // The bounds are applied at most once a second.
    for (const id of ['a', 'b', 'c']) {
      store.begin(push(id));
      clock.advance(1_000);
    }
    expect(['a', 'b', 'c'].map((id) => store.get(id) !== undefined)).toEqual([false, true, true]);
    store.close();
  });

  test('abandons a first send the server never took, unless a client already reported it', () => {
    const clock = new FakeClock();
    const { store } = open(clock);
    store.begin(push('lost'));
    store.abandon('lost');
    expect(store.get('lost')).toBeUndefined();
    store.begin(push('fast'));
    store.advance('fast', 'alice@example.com', 'delivered');
    store.abandon('fast');
    expect(store.get('fast')).toBeDefined();
    store.close();
  });
});
