import { describe, expect, it } from 'vitest';
import { keepaliveTimeout } from './xmpp-session.ts';

describe('keepaliveTimeout', () => {
  it('is the configured timeout when the server has confirmed everything', () => {
    expect(keepaliveTimeout(10_000, 0)).toBe(10_000);
  });

  it('allows the server time for every stanza it must handle before the ping', () => {
    // The receipts for a 10,000-push backlog: a busy server gets 50 s more, not a new login.
    expect(keepaliveTimeout(10_000, 10_000)).toBe(60_000);
  });

  it('never waits more than two minutes for a dead connection', () => {
    expect(keepaliveTimeout(10_000, 1_000_000)).toBe(120_000);
  });
});
