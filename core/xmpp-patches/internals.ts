/**
 * Typed views of @xmpp/client 0.14.0 internals, and helpers built on them. Nothing here
 * changes how the library behaves: the patches that do are the other modules of this folder
 * (index.ts lists them). Where @types/xmpp__client (DefinitelyTyped) lags the runtime, it is
 * typed here, in one place: the stream-management object is an EventEmitter at runtime
 * ('ack', 'fail', 'resumed'), and the socket is a net.Socket / tls.TLSSocket that can be
 * destroyed. Written for @xmpp/client 0.14.0; the version guard
 * (xmpp-patches/version-guard.test.ts) covers these accessors too.
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

/** XEP-0198's namespace, version 3 (what @xmpp/stream-management speaks). */
export const SM_NS = 'urn:xmpp:sm:3';

export interface StreamManagementEvents {
  on(event: 'ack' | 'fail', listener: (stanza: Element) => void): unknown;
  on(event: 'resumed', listener: () => void): unknown;
  off(event: 'ack' | 'fail', listener: (stanza: Element) => void): unknown;
  setMaxListeners(count: number): unknown;
  readonly enabled: boolean;
  readonly id: string;
  /** Stanzas sent that the server has not yet confirmed handling. */
  readonly outbound_q: readonly unknown[];
  /** Silence (ms) after an ack request before the library disconnects; 0 turns that off. */
  timeout: number;
}

export function streamManagementOf(xmpp: Client): StreamManagementEvents {
  return xmpp.streamManagement as unknown as StreamManagementEvents;
}

/**
 * Stanzas sent that the server has not yet confirmed handling (XEP-0198), 0 without stream
 * management. The server answers a ping only after these.
 */
export function unacknowledgedStanzas(xmpp: Client): number {
  const sm = streamManagementOf(xmpp);
  return sm.enabled ? sm.outbound_q.length : 0;
}

/**
 * Drops the TCP connection without closing the XMPP stream: the server keeps the session
 * for resumption, and a half-open socket is abandoned at once instead of lingering.
 */
export function dropSocket(xmpp: Client): void {
  socketOf<{ destroy?(): void }>(xmpp)?.destroy?.();
}

/**
 * The client's net.Socket or tls.TLSSocket, or null before it connects. Direct TLS
 * connections are an EventEmitter wrapper around the real tls.TLSSocket; STARTTLS ones are
 * the socket itself. Its methods are optional: a test may give the client a stand-in.
 */
export function socketOf<Methods extends object>(xmpp: Client): Partial<Methods> | null {
  type Wrapped = Partial<Methods> & { socket?: Partial<Methods> | null };
  const socket = xmpp.socket as unknown as Wrapped | null;
  return socket?.socket ?? socket;
}

/** One SASL mechanism as @xmpp/sasl's factory (the saslmechanisms package) registers it. */
export interface RegisteredMechanism<Mechanism> {
  name: string;
  mech: new () => Mechanism;
}

/** The client's registered SASL mechanisms, in preference order; entries can be replaced. */
export function saslMechanismsOf<Mechanism>(xmpp: Client): Array<RegisteredMechanism<Mechanism>> {
  type Factory = { _mechs: Array<RegisteredMechanism<Mechanism>> };
  return (xmpp as unknown as { saslFactory: Factory }).saslFactory._mechs;
}

/** An IQ request of @xmpp/iq's caller still waiting for its answer. */
export interface PendingIq {
  promise?: Promise<unknown>;
  reject(error: Error): void;
}

/** iqCaller's pending requests by stanza id (undefined if the library renamed it). */
export function pendingIqsOf(xmpp: Client): Map<string, PendingIq> | undefined {
  return (xmpp.iqCaller as unknown as { handlers?: Map<string, PendingIq> }).handlers;
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
 * sooner; a few ms still batch a burst. The property is the library's own setting, only
 * missing from its types: this sets it, it patches nothing.
 */
export function setAckRequestDelay(xmpp: Client, ms: number): void {
  (xmpp.streamManagement as unknown as { requestAckDebounce: number }).requestAckDebounce = ms;
}
