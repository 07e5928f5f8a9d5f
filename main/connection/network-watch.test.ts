/** The network watch with a hand-driven interval (no sleeping) and a switchable "online". */
import { describe, expect, test } from 'vitest';
import type { ConnectionView } from '../../core/desktop-api.ts';
import { watchNetwork } from './network-watch.ts';

function setup() {
  let online = true;
  let tick: (() => void) | null = null;
  let reconnects = 0;
  const watch = watchNetwork({
    isOnline: () => online,
    onBackOnline: () => reconnects++,
    setInterval: (fn) => ((tick = fn), 'timer'),
    clearInterval: () => (tick = null),
  });
  return {
    watch,
    setOnline: (value: boolean) => (online = value),
    tick: () => tick?.(),
    polling: () => tick !== null,
    reconnects: () => reconnects,
  };
}

const reconnecting: ConnectionView = {
  state: 'reconnecting',
  attempt: 3,
  nextAttemptAt: 0,
  problem: null,
};

describe('watchNetwork', () => {
  test('polls only while reconnecting and reconnects once when the network comes back', () => {
    const net = setup();
    net.watch.setConnection({ state: 'online', jid: 'a@b/c' });
    expect(net.polling()).toBe(false);

    net.setOnline(false);
    net.watch.setConnection(reconnecting);
    expect(net.polling()).toBe(true);
    net.tick();
    expect(net.reconnects()).toBe(0);
    net.setOnline(true);
    net.tick();
    net.tick();
    expect(net.reconnects()).toBe(1);

    net.watch.setConnection({ state: 'online', jid: 'a@b/c' });
    expect(net.polling()).toBe(false);
  });

  test('a wrong password or an unconfigured account does not poll', () => {
    const net = setup();
    net.watch.setConnection({ state: 'auth-failed', problem: { code: 'auth-failed', params: {} } });
    net.watch.setConnection({ state: 'unconfigured' });
    expect(net.polling()).toBe(false);
    net.watch.setConnection(reconnecting);
    net.watch.stop();
    expect(net.polling()).toBe(false);
  });
});
