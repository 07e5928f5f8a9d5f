/**
 * One long-lived XMPP connection with the liveness rules of the design: jittered backoff,
 * an immediate reconnect on demand, keepalive pings that find half-open TCP, stream
 * resumption (XEP-0198) and a hard stop on authentication failure.
 *
 * @xmpp/client's own reconnect retries every second forever; we keep its connect+open
 * step (which preserves stream-management state for resumption) but decide when to call it.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { client, xml, type Client, type Options as ClientOptions } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { createBackoff, type BackoffOptions } from './backoff.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import {
  connectionProblem,
  describeProblem,
  isAuthFailure,
  isFatal,
  UnsafeConnectionError,
  type ConnectionProblem,
} from './connection-errors.ts';
import { applyXmppPatches } from './xmpp-patches/index.ts';
import { dropSocket, streamManagementOf, unacknowledgedStanzas } from './xmpp-patches/internals.ts';
import { abandonIqRequest } from './xmpp-patches/iq-requests.ts';
import { stopClient } from './xmpp-patches/stop-client.ts';
import { trackStreamManagement } from './xmpp-patches/stream-management-settled.ts';

/** `problem`: why, as a code the UI translates; `reason`: the same in English (CLI, logs). */
export type SessionStatus =
  | { state: 'connecting' }
  | { state: 'online'; resumed: boolean; jid: string }
  | {
      state: 'reconnecting';
      attempt: number;
      nextAttemptAt: number;
      reason: string | null;
      problem: ConnectionProblem | null;
    }
  | { state: 'auth-failed'; reason: string; problem: ConnectionProblem }
  | { state: 'error'; reason: string; problem: ConnectionProblem }
  | { state: 'offline' };

export interface SessionOptions {
  /** `xmpp://host:port` (STARTTLS) or `xmpps://host:port` (direct TLS); default from the JID. */
  service?: string;
  /** Bare JID, `user@domain`. */
  jid: string;
  password: string;
  resource?: string;
  /** Allow a server without TLS (tests, trusted LANs). Off by default: credentials stay on TLS. */
  allowPlaintext?: boolean;
  /** Ping the server after this much silence… */
  keepaliveIntervalMs?: number;
  /** …and treat the connection as dead when the answer takes longer than this. */
  keepaliveTimeoutMs?: number;
  /** Give up on a connection attempt that is not online after this long. */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Backoff, connect timeout and keepalive timers; silence goes by its monotonic time. */
  clock?: Clock;
  /** Makes the client (tests: a stand-in); default @xmpp/client's, with Herald's patches. */
  createClient?: (options: ClientOptions) => Client;
}

/** @xmpp/connection's own default wait, kept for closing a stream politely. */
const POLITE_CLOSE_MS = 2_000;
/**
 * The longest timer Node keeps: the library's IQ timeout never fires, `request` times out on
 * the session's clock instead (and settles the library's promise, which clears its timer).
 */
const LIBRARY_IQ_TIMEOUT_MS = 2 ** 31 - 1;

/** Named as the library names its own, which callers (keepalive, archive sync) recognize. */
function iqTimeout(timeoutMs: number): Error {
  return Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), {
    name: 'TimeoutError',
  });
}

function createPatchedClient(options: ClientOptions): Client {
  const xmpp = client(options);
  applyXmppPatches(xmpp);
  return xmpp;
}

interface SessionEvents {
  status: [SessionStatus];
  stanza: [Element];
  /** Fired after login (resumed=false) and after a stream resumption (resumed=true). */
  online: [{ resumed: boolean }];
}

export function serviceFromJid(bareJid: string): string {
  const domain = bareJid.split('@')[1] ?? bareJid;
  return `xmpp://${domain}:5222`;
}

export class XmppSession extends EventEmitter<SessionEvents> {
  readonly xmpp: Client;
  readonly bareJid: string;
  readonly clock: Clock;
  #status: SessionStatus = { state: 'offline' };
  readonly #options: SessionOptions;
  readonly #backoff;
  #stopped = true;
  #retryTimer: TimerHandle | undefined;
  #keepaliveTimer: TimerHandle | undefined;
  #connectTimer: TimerHandle | undefined;
  #lastInbound = 0;
  #lastProblem: ConnectionProblem | null = null;
  #reconnectImmediately = false;
  /** XEP-0388 user agent: one stable id per session object. */
  readonly #userAgent = xml('user-agent', { id: randomUUID() }, xml('software', {}, 'Herald'));

  constructor(options: SessionOptions) {
    super();
    this.#options = options;
    this.clock = options.clock ?? systemClock;
    const [local, domain] = splitBareJid(options.jid);
    this.bareJid = `${local}@${domain}`;
    this.#backoff = createBackoff(options.backoff);
    this.xmpp = (options.createClient ?? createPatchedClient)({
      service: options.service ?? serviceFromJid(this.bareJid),
      domain,
      resource: options.resource,
      credentials: (authenticate, mechanisms) => this.#authenticate(authenticate, mechanisms),
    });
    // We schedule reconnects ourselves (backoff, auth failure); keep the library's step only.
    this.xmpp.reconnect.stop();
    // One liveness rule, ours (#keepalive): stream management's own drops the connection
    // when nothing arrives within 60 s of an ack request, with no reason given. A server
    // busy with a 10,000-push backlog and its archive was silent that long, and the client
    // reconnected four times in a row to a server that was working through its requests.
    streamManagementOf(this.xmpp).timeout = 0;
    this.xmpp.on('error', (error) => this.#onError(error));
    this.xmpp.on('disconnect', () => this.#onDisconnect());
    const streamManagement = trackStreamManagement(this.xmpp);
    this.xmpp.on('online', () => {
      void streamManagement.settled().then(() => {
        if (this.xmpp.status === 'online') this.#onOnline(false);
      });
    });
    streamManagementOf(this.xmpp).on('resumed', () => this.#onOnline(true));
    // Silence is measured on the monotonic clock: a wall clock set back must not stop pings.
    this.xmpp.on('element', () => (this.#lastInbound = this.clock.monotonic()));
    this.xmpp.on('stanza', (stanza) => this.emit('stanza', stanza));
  }

  get status(): SessionStatus {
    return this.#status;
  }

  /** Starts connecting; resolves at once. Watch `status` for the outcome. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#backoff.reset();
    this.#setStatus({ state: 'connecting' });
    this.#armConnectTimeout();
    this.xmpp.start().catch(() => {
      // Failures arrive as `error` and `disconnect` events, handled there.
    });
  }

  /** Reconnect now (OS resume, network up, the user's "Reconnect"); resumes the stream if it can. */
  reconnectNow(): void {
    if (this.#stopped) {
      this.start();
      return;
    }
    this.#backoff.reset();
    this.clock.clearTimeout(this.#retryTimer);
    if (this.xmpp.status === 'disconnect') {
      void this.#attempt();
      return;
    }
    // Drop the socket without closing the stream, so the server keeps the session resumable.
    this.#lastProblem = { code: 'reconnect-requested', params: {} };
    this.#reconnectImmediately = true;
    dropSocket(this.xmpp);
  }

  /** Closes the stream cleanly and stays offline. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    await this.#close();
    const { state } = this.#status;
    if (state !== 'auth-failed' && state !== 'error') this.#setStatus({ state: 'offline' });
  }

  /** Stops the client; closing waits the library's usual 2 s, even mid-handshake. */
  async #close(): Promise<void> {
    this.xmpp.timeout = POLITE_CLOSE_MS;
    await stopClient(this.xmpp);
  }

  send(element: Element): Promise<void> {
    return this.xmpp.send(element);
  }

  /**
   * An IQ round trip; rejects with the server's error, with a TimeoutError after `timeoutMs`
   * on the session's clock, or when the connection drops.
   */
  request(element: Element, timeoutMs = 30_000): Promise<Element> {
    const id = String((element.attrs.id ??= randomUUID()));
    let cleanup = (): void => undefined;
    const givenUp = new Promise<never>((_, reject) => {
      // The library's own promise is settled too: else its timer keeps a stopped process alive.
      const giveUp = (error: Error) => {
        abandonIqRequest(this.xmpp, id, error);
        reject(error);
      };
      const onDisconnect = () => giveUp(new Error('connection lost before the server answered'));
      const timer = this.clock.setTimeout(() => giveUp(iqTimeout(timeoutMs)), timeoutMs);
      this.xmpp.once('disconnect', onDisconnect);
      cleanup = () => {
        this.clock.clearTimeout(timer);
        this.xmpp.off('disconnect', onDisconnect);
      };
    });
    givenUp.catch(() => undefined);
    const answer = this.xmpp.iqCaller.request(element, LIBRARY_IQ_TIMEOUT_MS);
    return Promise.race([answer, givenUp]).finally(cleanup);
  }

  async #authenticate(
    authenticate: (
      credentials: { username: string; password: string },
      mechanism: string,
      userAgent: Element,
    ) => Promise<void>,
    mechanisms: string[],
  ): Promise<void> {
    const secure = this.xmpp.isSecure();
    if (!secure && !this.#options.allowPlaintext) {
      throw new UnsafeConnectionError({ code: 'tls-required', params: {} });
    }
    // PLAIN sends the password itself: never without TLS.
    const usable = secure ? mechanisms : mechanisms.filter((m) => m !== 'PLAIN');
    const mechanism = usable.includes('SCRAM-SHA-1') ? 'SCRAM-SHA-1' : usable[0];
    if (!mechanism && !secure) {
      // Only PLAIN without TLS: retrying cannot make that safe, so stop like a wrong password.
      throw new UnsafeConnectionError({
        code: 'plaintext-password',
        params: { mechanisms: mechanisms.join(', ') },
      });
    }
    if (!mechanism)
      throw new Error(`no usable login mechanism (server offers ${mechanisms.join(', ')})`);
    const [username] = splitBareJid(this.bareJid);
    await authenticate({ username, password: this.#options.password }, mechanism, this.#userAgent);
  }

  #onOnline(resumed: boolean): void {
    this.clock.clearTimeout(this.#connectTimer);
    // Closing the stream waits this long for the server's answer before dropping the socket.
    this.xmpp.timeout = POLITE_CLOSE_MS;
    this.#backoff.reset();
    this.#lastProblem = null;
    this.#lastInbound = this.clock.monotonic();
    this.#scheduleKeepalive();
    this.#setStatus({ state: 'online', resumed, jid: this.xmpp.jid?.toString() ?? this.bareJid });
    this.emit('online', { resumed });
  }

  #onError(error: unknown): void {
    if (this.#stopped) return;
    if (isFatal(error)) {
      const problem = connectionProblem(error);
      const reason = describeProblem(problem);
      void this.#giveUp(
        isAuthFailure(error)
          ? { state: 'auth-failed', reason, problem }
          : { state: 'error', reason, problem },
      );
      return;
    }
    this.#lastProblem = connectionProblem(error);
  }

  /** No more retries: the user has to change the password or the server settings. */
  async #giveUp(status: SessionStatus): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    this.#setStatus(status);
    await this.#close();
  }

  #onDisconnect(): void {
    this.clock.clearTimeout(this.#keepaliveTimer);
    this.clock.clearTimeout(this.#connectTimer);
    if (this.#stopped) return;
    this.clock.clearTimeout(this.#retryTimer);
    const delay = this.#reconnectImmediately ? 0 : this.#backoff.next();
    this.#reconnectImmediately = false;
    this.#setStatus({
      state: 'reconnecting',
      attempt: this.#backoff.attempt,
      nextAttemptAt: this.clock.now() + delay,
      reason: this.#lastProblem && describeProblem(this.#lastProblem),
      problem: this.#lastProblem,
    });
    this.#retryTimer = this.clock.setTimeout(() => void this.#attempt(), delay);
  }

  async #attempt(): Promise<void> {
    if (this.#stopped || this.xmpp.status !== 'disconnect') return;
    this.#setStatus({ state: 'connecting' });
    this.#armConnectTimeout();
    try {
      await this.xmpp.reconnect.reconnect();
    } catch (error) {
      // The socket's close event follows and schedules the next attempt.
      this.#onError(error);
    }
  }

  #armConnectTimeout(): void {
    this.clock.clearTimeout(this.#connectTimer);
    const timeout = this.#options.connectTimeoutMs ?? 20_000;
    // The library gives each handshake step (a stream header, STARTTLS) 2 s of its own and
    // then fails the attempt; a busy server or a slow link answers later than that, and
    // this timer already bounds the whole handshake.
    this.xmpp.timeout = timeout;
    this.#connectTimer = this.clock.setTimeout(() => {
      this.#lastProblem = { code: 'timeout', params: { seconds: Math.round(timeout / 1000) } };
      dropSocket(this.xmpp);
    }, timeout);
  }

  /** XEP-0199 ping after silence; a missing answer means the TCP connection is half-open. */
  #scheduleKeepalive(): void {
    this.clock.clearTimeout(this.#keepaliveTimer);
    const interval = this.#options.keepaliveIntervalMs ?? 20_000;
    const wait = Math.max(0, this.#lastInbound + interval - this.clock.monotonic());
    this.#keepaliveTimer = this.clock.setTimeout(() => void this.#keepalive(), wait);
  }

  async #keepalive(): Promise<void> {
    if (this.#stopped || this.xmpp.status !== 'online') return;
    const interval = this.#options.keepaliveIntervalMs ?? 20_000;
    if (this.clock.monotonic() - this.#lastInbound < interval) {
      this.#scheduleKeepalive();
      return;
    }
    const socket = this.xmpp.socket;
    const timeout = keepaliveTimeout(
      this.#options.keepaliveTimeoutMs ?? 10_000,
      unacknowledgedStanzas(this.xmpp),
    );
    const pingedAt = this.clock.monotonic();
    try {
      await this.request(xml('iq', { type: 'get' }, xml('ping', 'urn:xmpp:ping')), timeout);
    } catch (error) {
      // A server that answers with an error is alive; only silence is fatal. A server still
      // sending (a backlog queued ahead of the answer) is alive too, however late the answer.
      const silent = this.#lastInbound <= pingedAt;
      if ((error as Error).name === 'TimeoutError' && silent && this.xmpp.socket === socket) {
        const seconds = Math.round(timeout / 1000);
        this.#lastProblem = { code: 'keepalive-timeout', params: { seconds } };
        dropSocket(this.xmpp);
        return;
      }
    }
    if (this.xmpp.status === 'online') this.#scheduleKeepalive();
  }

  #clearTimers(): void {
    this.clock.clearTimeout(this.#retryTimer);
    this.clock.clearTimeout(this.#keepaliveTimer);
    this.clock.clearTimeout(this.#connectTimer);
  }

  #setStatus(status: SessionStatus): void {
    this.#status = status;
    this.emit('status', status);
  }
}

/** A server answers at least this fast per stanza; Prosody's slowest seen was 1.4 ms. */
const SERVER_MS_PER_STANZA = 5;
const KEEPALIVE_TIMEOUT_CAP_MS = 120_000;

/**
 * How long to wait for a ping's answer. The server answers it after every stanza sent before
 * it: after the receipts for a 10,000-push backlog, a busy Prosody took longer than 10 s,
 * and the client dropped a live connection and logged in again, adding to the load.
 */
export function keepaliveTimeout(baseMs: number, unacknowledged: number): number {
  return Math.min(KEEPALIVE_TIMEOUT_CAP_MS, baseMs + unacknowledged * SERVER_MS_PER_STANZA);
}

function splitBareJid(value: string): [string, string] {
  const bare = value.split('/')[0] ?? '';
  const at = bare.indexOf('@');
  if (at <= 0 || at === bare.length - 1) throw new Error(`not a user JID: "${value}"`);
  return [bare.slice(0, at), bare.slice(at + 1).toLowerCase()];
}
