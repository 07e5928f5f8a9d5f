/**
 * A stand-in for @xmpp/client's Client, for XmppSession's timing tests: no network, no
 * protocol; the test says when it is online, when the connection drops and whether a ping
 * is answered. The session's timeouts run on the test's clock.
 */
import { EventEmitter } from 'node:events';
import { jid, xml, type Client, type Options } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Clock } from '../../core/clock.ts';

/**
 * What XmppSession (and the xmpp-patches helpers it calls) use of a Client. The socket is
 * typed in core/xmpp-patches/internals.ts: @xmpp/client's types lack its destroy().
 */
type SessionSurface = Pick<Client, 'status' | 'jid' | 'isSecure' | 'start' | 'stop' | 'send'> & {
  reconnect: Pick<Client['reconnect'], 'stop' | 'reconnect'>;
  iqCaller: Pick<Client['iqCaller'], 'request'>;
  streamManagement: Pick<Client['streamManagement'], 'enabled' | 'id'>;
};

export interface StandInPing {
  answer(): void;
}

class StandInStreamManagement extends EventEmitter {
  enabled = false;
  id = '';
  /** Stanzas the server has not confirmed yet; only their number matters to the session. */
  outbound_q: unknown[] = [];
  timeout = 60_000;
  enableSent = false;
}

export class StandInXmppClient extends EventEmitter implements SessionSurface {
  status: Client['status'] = 'offline';
  jid: Client['jid'] = null;
  socket: { destroy(): void } | null = null;
  readonly streamManagement = new StandInStreamManagement();
  /** Monotonic times of every connection attempt (start, then each reconnect). */
  readonly attempts: number[] = [];
  readonly pings: StandInPing[] = [];
  readonly options: Options;
  readonly #clock: Clock;

  readonly reconnect = {
    stop: (): void => undefined,
    reconnect: async (): Promise<void> => this.#connect(),
  };

  /** Never times out by itself: the session's clock decides how long an answer may take. */
  readonly iqCaller = {
    request: (_element: Element): Promise<Element> =>
      new Promise<Element>((resolve) => {
        const answer = () => {
          const result = xml('iq', { type: 'result' });
          this.emit('element', result);
          resolve(result);
        };
        this.pings.push({ answer });
      }),
  };

  constructor(options: Options, clock: Clock) {
    super();
    this.options = options;
    this.#clock = clock;
  }

  /** What XmppSession's `createClient` option returns; the session uses only SessionSurface. */
  asClient(): Client {
    return this as unknown as Client;
  }

  isSecure(): boolean {
    return true;
  }

  async start(): Promise<ReturnType<typeof jid>> {
    this.#connect();
    return jid(this.options.domain ?? 'localhost');
  }

  async stop(): Promise<Element> {
    this.socket = null;
    this.status = 'offline';
    return xml('close');
  }

  async send(): Promise<void> {}

  /** The server accepted the login. */
  goOnline(): void {
    this.status = 'online';
    this.jid = jid(`user@${this.options.domain ?? 'localhost'}/stand-in`);
    this.emit('online', this.jid);
  }

  /** Something arrived from the server. */
  receive(): void {
    this.emit('element', xml('message'));
  }

  /** The library reports `error`; the socket closes after it. */
  fail(error: Error): void {
    this.emit('error', error);
    this.lose();
  }

  /** The socket closed. */
  lose(): void {
    this.socket = null;
    this.status = 'disconnect';
    this.emit('disconnect', { clean: false });
  }

  #connect(): void {
    this.status = 'connecting';
    this.attempts.push(this.#clock.monotonic());
    const socket = {
      // As a real socket: the close (and so `disconnect`) comes a tick after destroy().
      destroy: () => process.nextTick(() => this.socket === socket && this.lose()),
    };
    this.socket = socket;
  }
}
