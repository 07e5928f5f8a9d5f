/**
 * Where @types/xmpp__client (DefinitelyTyped) lags the 0.14.0 runtime, typed in one place:
 * the stream-management object is an EventEmitter at runtime ('ack', 'fail', 'resumed'),
 * and the socket is a net.Socket / tls.TLSSocket that can be destroyed.
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

export interface StreamManagementEvents {
  on(event: 'ack' | 'fail', listener: (stanza: Element) => void): unknown;
  on(event: 'resumed', listener: () => void): unknown;
  off(event: 'ack' | 'fail', listener: (stanza: Element) => void): unknown;
  setMaxListeners(count: number): unknown;
  readonly enabled: boolean;
  readonly id: string;
}

export function streamManagementOf(xmpp: Client): StreamManagementEvents {
  return xmpp.streamManagement as unknown as StreamManagementEvents;
}

/**
 * Drops the TCP connection without closing the XMPP stream: the server keeps the session
 * for resumption, and a half-open socket is abandoned at once instead of lingering.
 */
export function dropSocket(xmpp: Client): void {
  type Destroyable = { destroy?: () => void; socket?: Destroyable | null };
  const socket = xmpp.socket as unknown as Destroyable | null;
  // TLS connections are an EventEmitter wrapper around the real tls.TLSSocket.
  const real = socket?.socket ?? socket;
  real?.destroy?.();
}

const SM_NS = 'urn:xmpp:sm:3';

/**
 * Tracks stream-management negotiation so callers can wait for it after `online`.
 *
 * @xmpp/client 0.14.0 emits `online` before it sends <enable/>, and resets its inbound
 * counter only when the <enabled/> promise settles — after any stanzas that arrived in the
 * same TCP read were already counted. Anything sent at `online` is answered right there, so
 * the acks come out too low and Prosody kills the stream ("Client acknowledged less stanzas
 * than already acknowledged"). Call this right after creating the client, then await
 * `settled()` in the `online` handler before sending anything.
 */
export function trackStreamManagement(xmpp: Client): { settled(): Promise<void> } {
  const sm = xmpp.streamManagement as unknown as { enableSent: boolean };
  let offered = false;
  let negotiated = false;
  let waiters: Array<() => void> = [];
  const release = () => {
    negotiated = true;
    const waiting = waiters;
    waiters = [];
    // Let the library's own continuation (which resets the counter) run first.
    setImmediate(() => waiting.forEach((resolve) => resolve()));
  };
  xmpp.on('nonza', (element: Element) => {
    if (
      element.name === 'stream:features' ||
      element.is('features', 'http://etherx.jabber.org/streams')
    ) {
      offered = element.getChild('sm', SM_NS) !== undefined;
      negotiated = false;
    } else if (element.is('enabled', SM_NS)) {
      release();
    } else if (element.is('failed', SM_NS) && sm.enableSent) {
      // A <failed/> after <resume/> is not the end: the library binds and enables next.
      release();
    }
  });
  xmpp.on('disconnect', release);
  return {
    settled() {
      if (!offered || negotiated) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/**
 * Resolves once the server acknowledged every one of `stanzas` (XEP-0198), rejects if the
 * library gives one up. Call it before sending them, so no ack is missed.
 */
export function whenAcknowledged(xmpp: Client, stanzas: readonly Element[]): Promise<void> {
  const sm = streamManagementOf(xmpp);
  // One ack/fail listener pair per batch in flight; a busy gateway has many at once.
  sm.setMaxListeners(0);
  const pending = new Set(stanzas);
  return new Promise<void>((resolve, reject) => {
    const onAck = (stanza: Element) => {
      pending.delete(stanza);
      if (pending.size > 0) return;
      unsubscribe();
      resolve();
    };
    const onFail = (stanza: Element) => {
      if (!pending.has(stanza)) return;
      unsubscribe();
      reject(new Error('the server did not take the message'));
    };
    const unsubscribe = () => {
      sm.off('ack', onAck);
      sm.off('fail', onFail);
    };
    sm.on('ack', onAck);
    sm.on('fail', onFail);
  });
}

/**
 * After sending, @xmpp/client waits `requestAckDebounce` (250 ms) before asking the server
 * for an ack, to batch. A sender that waits on the ack (the gateway's HTTP answer) wants it
 * sooner; a few ms still batch a burst.
 */
export function setAckRequestDelay(xmpp: Client, ms: number): void {
  (xmpp.streamManagement as unknown as { requestAckDebounce: number }).requestAckDebounce = ms;
}
