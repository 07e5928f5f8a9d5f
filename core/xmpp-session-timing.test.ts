/**
 * XmppSession's timing rules on a fake clock and a stand-in client: backoff, auth failure,
 * keepalive, connect timeout and the immediate reconnect. The real-server behaviour is in
 * test/session.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { xml } from '@xmpp/client';
import { FakeClock } from '../test/support/fake-clock.ts';
import { StandInXmppClient } from '../test/support/stand-in-xmpp-client.ts';
import { XmppSession, type SessionOptions, type SessionStatus } from './xmpp-session.ts';

function setUp(options: Partial<SessionOptions> = {}) {
  const clock = new FakeClock();
  let client: StandInXmppClient | undefined;
  const session = new XmppSession({
    jid: 'user@example.com',
    password: 'secret',
    clock,
    createClient: (clientOptions) => {
      client = new StandInXmppClient(clientOptions, clock);
      return client.asClient();
    },
    ...options,
  });
  const statuses: SessionStatus[] = [];
  session.on('status', (status) => statuses.push(status));
  if (!client) throw new Error('the session did not make its client');
  return { clock, session, client, statuses };
}

type Setup = ReturnType<typeof setUp>;

/** Online as after a login; the session reports it once stream management has settled. */
async function login({ client, clock, session }: Setup): Promise<void> {
  client.goOnline();
  await clock.advanceAsync(0);
  expect(session.status.state).toBe('online');
}

/** The connection drops; returns the backoff delay the session announced. */
async function drop({ client, clock, session }: Setup): Promise<number> {
  client.lose();
  await clock.advanceAsync(0);
  const status = session.status;
  if (status.state !== 'reconnecting') throw new Error(`not reconnecting: ${status.state}`);
  return status.nextAttemptAt - clock.now();
}

/** Fails `count` attempts in a row, waiting each backoff out; returns the delays. */
async function failRepeatedly(setup: Setup, count: number): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    const attempts = setup.client.attempts.length;
    const delay = await drop(setup);
    delays.push(delay);
    await setup.clock.advanceAsync(delay - 1);
    expect(setup.client.attempts).toHaveLength(attempts);
    await setup.clock.advanceAsync(1);
    expect(setup.client.attempts).toHaveLength(attempts + 1);
  }
  return delays;
}

/** A ping was just sent: the connection stays up `timeoutMs` for its answer, not 1 ms more. */
async function expectDroppedAfterUnansweredPing(setup: Setup, timeoutMs: number): Promise<void> {
  expect(setup.client.pings).toHaveLength(1);
  await setup.clock.advanceAsync(timeoutMs - 1);
  expect(setup.session.status.state).toBe('online');
  await setup.clock.advanceAsync(1);
  expect(setup.session.status).toMatchObject({
    state: 'reconnecting',
    reason: `no answer to a keepalive ping within ${timeoutMs / 1000} s`,
  });
}

describe('XmppSession backoff', () => {
  it.each([
    { random: 0, delays: [800, 1_600, 3_200, 6_400, 12_800] },
    { random: 0.99999, delays: [1_200, 2_400, 4_800, 9_600, 19_200] },
  ])(
    'waits about 1 s, 2 s, 4 s … between attempts, ±20 % (random $random)',
    async ({ random, delays }) => {
      const setup = setUp({ backoff: { random: () => random } });
      setup.session.start();
      expect(await failRepeatedly(setup, 5)).toEqual(delays);
    },
  );

  it('starts again at about 1 s after a successful login', async () => {
    const setup = setUp({ backoff: { random: () => 0.5 } });
    setup.session.start();
    expect(await failRepeatedly(setup, 3)).toEqual([1_000, 2_000, 4_000]);
    await login(setup);
    expect(await failRepeatedly(setup, 2)).toEqual([1_000, 2_000]);
  });

  it('stops retrying when the password is wrong', async () => {
    const setup = setUp();
    setup.session.start();
    setup.client.fail(
      Object.assign(new Error('not-authorized'), {
        name: 'SASLError',
        condition: 'not-authorized',
      }),
    );
    await setup.clock.advanceAsync(0);
    expect(setup.session.status).toEqual({
      state: 'auth-failed',
      reason: 'wrong user name or password',
      problem: { code: 'auth-failed', params: {} },
    });
    await setup.clock.advanceAsync(3_600_000);
    expect(setup.client.attempts).toHaveLength(1);
    expect(setup.clock.pending).toBe(0);
  });
});

describe('XmppSession keepalive', () => {
  it('pings after 20 s of silence and drops a connection whose answer is 10 s late', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    await setup.clock.advanceAsync(19_999);
    expect(setup.client.pings).toHaveLength(0);
    await setup.clock.advanceAsync(1);
    await expectDroppedAfterUnansweredPing(setup, 10_000);
  });

  it('stays online when the ping is answered, and counts silence from the last stanza', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    await setup.clock.advanceAsync(15_000);
    setup.client.receive();
    await setup.clock.advanceAsync(19_999);
    expect(setup.client.pings).toHaveLength(0);
    await setup.clock.advanceAsync(1);
    expect(setup.client.pings).toHaveLength(1);
    setup.client.pings[0]?.answer();
    await setup.clock.advanceAsync(19_999);
    expect(setup.session.status.state).toBe('online');
    expect(setup.client.pings).toHaveLength(1);
    await setup.clock.advanceAsync(1);
    expect(setup.client.pings).toHaveLength(2);
  });

  it('keeps a connection whose server is still sending when the answer is late', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    await setup.clock.advanceAsync(20_000);
    expect(setup.client.pings).toHaveLength(1);
    await setup.clock.advanceAsync(9_000);
    setup.client.receive(); // a backlog the server sends ahead of the ping's answer
    await setup.clock.advanceAsync(1_000);
    expect(setup.session.status.state).toBe('online');
    // Silence again: the next ping, unanswered, ends it.
    await setup.clock.advanceAsync(19_000);
    expect(setup.client.pings).toHaveLength(2);
    await setup.clock.advanceAsync(9_999);
    expect(setup.session.status.state).toBe('online');
    await setup.clock.advanceAsync(1);
    expect(setup.session.status).toMatchObject({ state: 'reconnecting' });
  });

  it('gives the server 5 ms more per stanza it has not confirmed yet', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    setup.client.streamManagement.enabled = true;
    setup.client.streamManagement.outbound_q = Array.from({ length: 1_000 }, () => ({}));
    await setup.clock.advanceAsync(20_000);
    await expectDroppedAfterUnansweredPing(setup, 15_000);
  });

  it('measures silence on the monotonic clock: a wall clock set back does not delay the ping', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    await setup.clock.advanceAsync(5_000);
    setup.clock.setWallTime(setup.clock.now() - 3_600_000);
    await setup.clock.advanceAsync(15_000);
    expect(setup.client.pings).toHaveLength(1);
  });
});

describe('XmppSession requests', () => {
  const query = () => xml('iq', { type: 'get' }, xml('query', 'urn:example'));

  it('an unanswered IQ fails with a TimeoutError after exactly its timeout on the session clock', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    let outcome: string | undefined;
    void setup.session.request(query(), 3_000).then(
      () => (outcome = 'answered'),
      (error: Error) => (outcome = error.name),
    );
    await setup.clock.advanceAsync(2_999);
    expect(outcome).toBeUndefined();
    await setup.clock.advanceAsync(1);
    expect(outcome).toBe('TimeoutError');
  });

  it('an answered IQ resolves and leaves no timer behind', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    const timersBefore = setup.clock.pending;
    const answer = setup.session.request(query(), 3_000);
    expect(setup.clock.pending).toBe(timersBefore + 1);
    setup.client.pings[0]?.answer();
    await expect(answer).resolves.toMatchObject({ attrs: { type: 'result' } });
    expect(setup.clock.pending).toBe(timersBefore);
  });
});

describe('XmppSession connecting', () => {
  it('gives up on an attempt that is not online after connectTimeoutMs, and tries again', async () => {
    const setup = setUp({ connectTimeoutMs: 5_000, backoff: { random: () => 0.5 } });
    setup.session.start();
    await setup.clock.advanceAsync(4_999);
    expect(setup.session.status.state).toBe('connecting');
    await setup.clock.advanceAsync(1);
    expect(setup.session.status).toMatchObject({
      state: 'reconnecting',
      reason: 'no answer from the server within 5 s',
    });
    await setup.clock.advanceAsync(1_000);
    expect(setup.client.attempts).toEqual([0, 6_000]);
  });

  it('reconnectNow skips the backoff wait, and the next failure starts again at about 1 s', async () => {
    const setup = setUp({ backoff: { random: () => 0.5 } });
    setup.session.start();
    await failRepeatedly(setup, 3);
    expect(await drop(setup)).toBe(8_000);
    setup.session.reconnectNow();
    await setup.clock.advanceAsync(0);
    expect(setup.client.attempts).toHaveLength(5);
    expect(await drop(setup)).toBe(1_000);
  });

  it('reconnectNow on a live connection drops it and connects again at once', async () => {
    const setup = setUp();
    setup.session.start();
    await login(setup);
    setup.session.reconnectNow();
    await setup.clock.advanceAsync(0);
    expect(setup.client.attempts).toHaveLength(2);
    expect(setup.statuses.map((status) => status.state)).toEqual([
      'connecting',
      'online',
      'reconnecting',
      'connecting',
    ]);
  });
});
