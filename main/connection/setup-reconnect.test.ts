/** The reconnect triggers, with a FAKE powerMonitor and a hand-driven poll timer. */
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import type { AppServiceEvents } from '../app-service.ts';
import { setupReconnect } from './setup-reconnect.ts';

function setup() {
  const events = new EventEmitter<AppServiceEvents>();
  const powerMonitor = new EventEmitter();
  const reconnects: string[] = [];
  let online = true;
  let poll: (() => void) | null = null;
  const network = setupReconnect({
    service: { events, reconnect: () => void reconnects.push('reconnect') },
    powerMonitor,
    isOnline: () => online,
    setInterval: (fn) => (poll = fn),
    clearInterval: () => (poll = null),
  });
  return {
    events,
    powerMonitor,
    reconnects,
    network,
    setOnline: (value: boolean) => (online = value),
    poll: () => poll?.(),
    polling: () => poll !== null,
  };
}

describe('setupReconnect', () => {
  test('waking from sleep and unlocking the screen reconnect at once', () => {
    const { powerMonitor, reconnects } = setup();
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(reconnects).toEqual(['reconnect', 'reconnect']);
  });

  test('while the connection waits, the network coming back reconnects; online, nothing polls', () => {
    const { events, reconnects, setOnline, poll, polling } = setup();
    expect(polling()).toBe(false);
    setOnline(false);
    events.emit('connection', {
      state: 'reconnecting',
      attempt: 1,
      nextAttemptAt: 0,
      problem: { code: 'other', params: { detail: 'offline' } },
    });
    expect(polling()).toBe(true);
    poll();
    expect(reconnects).toEqual([]);
    setOnline(true);
    poll();
    expect(reconnects).toEqual(['reconnect']);
    events.emit('connection', { state: 'online', jid: 'alice@example.com' });
    expect(polling()).toBe(false);
  });

  test('stop() ends the polling (the app is quitting)', () => {
    const { events, network, polling } = setup();
    events.emit('connection', {
      state: 'reconnecting',
      attempt: 1,
      nextAttemptAt: 0,
      problem: { code: 'other', params: { detail: 'offline' } },
    });
    network.stop();
    expect(polling()).toBe(false);
  });
});
