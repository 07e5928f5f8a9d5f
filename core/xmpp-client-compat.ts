/**
 * Where @types/xmpp__client (DefinitelyTyped) lags the 0.14.0 runtime, typed in one place:
 * the stream-management object is an EventEmitter at runtime ('ack', 'fail', 'resumed'),
 * and the socket is a net.Socket / tls.TLSSocket that can be destroyed.
 */
import { pbkdf2 } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { promisify } from 'node:util';
import { jid, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { failedCondition, XmppStreamParser } from './xmpp-stream-parser.ts';

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
function socketOf<Methods extends object>(xmpp: Client): Partial<Methods> | null {
  type Wrapped = Partial<Methods> & { socket?: Partial<Methods> | null };
  const socket = xmpp.socket as unknown as Wrapped | null;
  return socket?.socket ?? socket;
}

/**
 * Every socket the client takes on (the TCP one, then the TLS one after STARTTLS) keeps an
 * error listener for good. @xmpp/client removes its own listeners when the connection
 * closes, and a write still pending then fails later (EPIPE, ECONNRESET): the TLS wrapper
 * re-emitted that with no listener left, an uncaught exception that ended `herald listen`
 * while a busy server closed its side. While the client listens, it still gets every error.
 */
export function keepLateSocketErrorsHandled(xmpp: Client): void {
  type Attach = { _attachSocket(socket: { on?(event: 'error', listener: () => void): unknown }): void }; // prettier-ignore
  const connection = xmpp as unknown as Attach;
  const attach = connection._attachSocket.bind(connection);
  connection._attachSocket = (socket) => {
    socket.on?.('error', () => undefined);
    attach(socket);
  };
}

/**
 * Closes the stream and makes sure the socket is gone: @xmpp/client waits 2 s for the server
 * to close its side and then stops listening to the socket, but leaves it open. (An error
 * that socket reports later is kept harmless by keepLateSocketErrorsHandled.)
 */
export async function stopClient(xmpp: Client): Promise<void> {
  try {
    if (xmpp.status !== 'offline') await xmpp.stop();
  } catch {
    // Not answered or already broken: nothing left to close politely.
  } finally {
    dropSocket(xmpp);
  }
}

/**
 * Settles an IQ request of @xmpp/client's iqCaller that will never be answered (the
 * connection is gone). The library only settles it on the answer or on its timeout (30 s by
 * default), and until then its timer keeps the process alive: a stopped `herald gateway` or
 * `herald send` would not exit. ejabberd does not answer an IQ that races with the client's
 * closing the stream, so this is hit in practice.
 */
export function abandonIqRequest(xmpp: Client, id: string, error: Error): void {
  type Pending = { reject(error: Error): void };
  const handlers = (xmpp.iqCaller as unknown as { handlers?: Map<string, Pending> }).handlers;
  const pending = handlers?.get(id);
  if (!pending) return;
  handlers?.delete(id);
  pending.reject(error);
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

/**
 * An ack (<a h="…"/>) that counts stanzas the library has not queued yet is held to what it
 * has queued. @xmpp/client queues a sent stanza for acknowledgement only once its socket
 * write has called back, and libuv runs write callbacks a loop iteration late, so an answer
 * to an ack request sent right after a run of stanzas can overtake them. The library then
 * threw ("Cannot read properties of undefined (reading 'stanza')") and counted one stanza
 * acknowledged that it never released: the rest of the stream's acks were off by one and a
 * receipt, or a gateway's push, waited forever. h is cumulative, and every queued stanza
 * schedules the library's own request, so the next answer acknowledges the rest.
 */
export function holdAcksToQueuedStanzas(xmpp: Client): void {
  const sm = xmpp.streamManagement as unknown as { outbound: number; outbound_q: unknown[] };
  // First: the library's middleware handles the ack in its own 'element' listener.
  xmpp.prependListener('element', (element: Element) => {
    if (!element.is('a', SM_NS)) return;
    const queued = sm.outbound + sm.outbound_q.length;
    if (Number(element.attrs.h) > queued) element.attrs.h = String(queued);
  });
}

/**
 * Asks the server for an ack after every `every` stanzas sent, not only once sending pauses.
 * The library asks 250 ms after the last stanza sent; a client answering a 10,000-push
 * backlog with receipts never pauses that long, so every receipt (its element tree, kept for
 * a resend after resumption) stayed queued until the drain ended: 9,800 of them at its last
 * push. Outliving several garbage collections, they were copied from the young generation
 * and promoted, which cost the drain more CPU than building and sending them.
 *
 * Each answer (<a/>) is met with a whitespace keepalive, so that our TCP stack acknowledges
 * it at once instead of up to 40 ms later (delayed ACK): a server with Nagle's algorithm on
 * (Prosody's default) holds its next small write, the next push, until that ack. Without
 * it, a push after every 100th was 40 ms late at 100 pushes/s (p99 29.5 ms, not 8).
 */
export function requestAcksDuringRuns(xmpp: Client, every: number): void {
  const sm = streamManagementOf(xmpp);
  let sinceRequest = 0;
  xmpp.on('send', (element: Element) => {
    if (!sm.enabled || !xmpp.isStanza(element) || ++sinceRequest < every) return;
    sinceRequest = 0;
    xmpp.send(xml('r', { xmlns: SM_NS })).catch(() => {
      // The connection is going away; the library's own request, or a resumption, follows.
    });
  });
  xmpp.on('nonza', (element: Element) => {
    if (!element.is('a', SM_NS) || xmpp.status !== 'online') return;
    xmpp.write(' ').catch(() => {
      // Going away: nothing to acknowledge any more.
    });
  });
}

/**
 * Turns Nagle's algorithm off on every TCP connection the client opens. @xmpp/client leaves
 * it on, so a small write that follows another one before the server's TCP ack (the
 * stream-management <r/> sent 2 ms after a push, an <a/> or a receipt right after a stanza)
 * waits for that ack, which the server's kernel delays by up to 40 ms: a push through the
 * gateway was acknowledged in 44 ms instead of 3 (bench/, docs/performance.md).
 */
export function disableNagle(xmpp: Client): void {
  xmpp.on('connect', () => {
    socketOf<{ setNoDelay(noDelay: boolean): unknown }>(xmpp)?.setNoDelay?.(true);
  });
}

/**
 * The client parses its streams with XmppStreamParser instead of @xmpp/xml's parser: it is
 * correct where ltx is not, and a malformed stream (a bad entity) becomes an 'error' event (a
 * stream error, then a reconnect) instead of an exception thrown out of the socket's data
 * handler, which ended the process. The library picks its transport's parser on every
 * connect; the property keeps ours. The library answers every parser error with bad-format;
 * the stream error names the parser's own condition instead (restricted-xml, policy-violation).
 */
export function useHeraldStreamParser(xmpp: Client): void {
  Object.defineProperty(xmpp, 'Parser', {
    get: () => XmppStreamParser,
    set: () => undefined,
    configurable: true,
  });
  type Connection = {
    parser: unknown;
    _streamError(condition: string, children?: unknown): Promise<void>;
    _onData(data: Buffer | string): void;
  };
  const connection = xmpp as unknown as Connection;
  const streamError = connection._streamError.bind(connection);
  // Called while the failed parser is still attached; it is detached right after.
  connection._streamError = (condition, children) =>
    streamError(failedCondition(connection.parser) ?? condition, children);
  // After a parse error the library detaches the parser, yet the socket's reads still in
  // flight arrive: they would throw "reading 'write' of null" out of the data handler.
  const onData = connection._onData.bind(connection);
  connection._onData = (data) => {
    if (connection.parser) onData(data);
  };
}

/**
 * Socket reads are decoded as UTF-8 across read boundaries. @xmpp/connection turns each
 * read into a string on its own (`data.toString('utf8')`), so a character whose bytes a
 * TLS record boundary split (any text past 16 KB: a long Chinese body) became two or three
 * U+FFFD. Each socket (the TCP one, then the TLS one after STARTTLS) gets its own decoder,
 * which keeps an incomplete character's bytes until the next read completes it.
 */
export function decodeUtf8AcrossReads(xmpp: Client): void {
  type Reader = { _onData(data: Buffer | string): void; _attachSocket(socket: unknown): void };
  const connection = xmpp as unknown as Reader;
  const onData = connection._onData.bind(connection);
  const attach = connection._attachSocket.bind(connection);
  let decoder = new StringDecoder('utf8');
  connection._attachSocket = (socket) => {
    decoder = new StringDecoder('utf8');
    attach(socket);
  };
  connection._onData = (data) => {
    const text = typeof data === 'string' ? data : decoder.write(data);
    if (text !== '') onData(text);
  };
}

/**
 * What is written in one turn of the event loop goes out in one system call (and, over TLS,
 * in as few records as fit): the socket is corked at the first write and uncorked on the
 * next setImmediate, after the turn's promise continuations. A drain answers each batch of
 * pushes it stored with a burst of receipts; Node coalesced them only while an earlier write
 * was still in flight. The delay is the rest of one event-loop turn.
 */
export function batchWritesPerTurn(xmpp: Client): void {
  type Writer = { write(data: string): Promise<void> };
  const connection = xmpp as unknown as Writer;
  const write = connection.write.bind(connection);
  let corked = false;
  connection.write = (data) => {
    const socket = socketOf<{ cork(): void; uncork(): void }>(xmpp);
    if (!corked && socket?.cork && socket.uncork) {
      socket.cork();
      corked = true;
      setImmediate(() => {
        corked = false;
        socket.uncork?.();
      });
    }
    return write(data);
  };
}

interface ScramCredentials {
  password?: string;
  salt?: Uint8Array;
  saltedPassword?: Uint8Array;
}

/** The parts of sasl-scram-sha-1's Mechanism (what @xmpp/client registers) used below. */
interface ScramMechanism {
  _stage: string;
  _salt: Uint8Array;
  _iterationCount: number;
  response(credentials: ScramCredentials): Promise<string> | string;
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * SCRAM-SHA-1 with the salted password derived by node:crypto instead of JavaScript.
 * @xmpp/client's mechanism runs PBKDF2 as 2 × 10,000 awaited WebCrypto HMAC calls (Prosody's
 * iteration count): 0.7 s of wall time and 0.5 s of CPU per login, on every reconnect.
 * Natively it takes under 2 ms. The library's own mechanism still does everything else: it
 * accepts a precomputed salted password for the salt the server sent (its reconnect cache).
 */
export function useNativeScram(xmpp: Client): void {
  type MechanismClass = new () => ScramMechanism;
  type Factory = { _mechs: Array<{ name: string; mech: MechanismClass }> };
  const factory = (xmpp as unknown as { saslFactory: Factory }).saslFactory;
  const entry = factory._mechs.find((registered) => registered.name === 'SCRAM-SHA-1');
  if (!entry) return;
  const LibraryScram = entry.mech;
  class NativeScram extends LibraryScram {
    override response(credentials: ScramCredentials): Promise<string> | string {
      if (this._stage !== 'challenge' || typeof credentials.password !== 'string')
        return super.response(credentials);
      const salt = this._salt;
      // Hi() of RFC 5802 is PBKDF2 with HMAC-SHA-1 and one 20-byte block.
      return pbkdf2Async(credentials.password, salt, this._iterationCount, 20, 'sha1').then((key) =>
        super.response({ ...credentials, salt, saltedPassword: new Uint8Array(key) }),
      );
    }
  }
  entry.mech = NativeScram;
}

/**
 * SASL messages go out as UTF-8, as RFC 4422 requires. @xmpp/sasl base64-encodes each
 * mechanism's response with `btoa`, which takes one byte per UTF-16 unit: a user name such
 * as 张三 threw (the login then timed out as "no answer"), and a Latin-1 one (José) went out
 * as Latin-1 bytes, not UTF-8, while SCRAM signs the UTF-8 ones. Each of this client's
 * mechanisms now hands `btoa` the UTF-8 bytes of its response, one char per byte.
 */
export function encodeSaslAsUtf8(xmpp: Client): void {
  type Response = Promise<string> | string;
  type MechanismClass = new () => { response(credentials: object): Response };
  type Factory = { _mechs: Array<{ name: string; mech: MechanismClass }> };
  const factory = (xmpp as unknown as { saslFactory: Factory }).saslFactory;
  for (const entry of factory._mechs) {
    const Library = entry.mech;
    entry.mech = class Utf8Mechanism extends Library {
      override response(credentials: object): Response {
        const response = super.response(credentials);
        return typeof response === 'string' ? utf8Bytes(response) : response.then(utf8Bytes);
      }
    };
  }
}

/** The UTF-8 encoding of a string as one char per byte (what `btoa` encodes). */
function utf8Bytes(text: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII is the same either way
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * iqCaller.request without a way to crash the process. @xmpp/iq keeps a promise per request
 * and rejects it when an error answer arrives (or abandonIqRequest gives up on it), but only
 * awaits it once its own send has resolved. An error answer that comes first (a server
 * without MAM answers the archive query at once) is then an unhandled rejection, which ends
 * a Node process: it killed a client in the bench on a loaded machine. So a handler is
 * attached at once; the library still rejects `request`'s own promise as before.
 */
export function requestIq(xmpp: Client, element: Element, timeoutMs: number): Promise<Element> {
  const answer = xmpp.iqCaller.request(element, timeoutMs);
  // request() set the id and registered its promise before its first await.
  type Pending = { promise?: Promise<unknown> };
  const handlers = (xmpp.iqCaller as unknown as { handlers?: Map<string, Pending> }).handlers;
  void handlers?.get(String(element.attrs.id))?.promise?.catch(() => undefined);
  return answer;
}

/** Characters XEP-0106 escapes; a local part without any of them needs no escaping. */
const ESCAPABLE = /[ "&'/:<>@\\]/;
let fastJidLocalParts = false;

/**
 * @xmpp/client parses the `from` and `to` of every stanza in and out into JID objects, and
 * each local part goes through @xmpp/jid's XEP-0106 check: ten replaceAll calls and a
 * regular-expression search. That was a fifth of the library's work per push (about 9 µs
 * of a drained push with its receipt). A local part with none of the escapable characters
 * gives the same answer at once, so only the others take the library's path. Same results:
 * the library's check can only find escapable characters where one of these is present.
 */
export function useFastJidLocalParts(): void {
  if (fastJidLocalParts) return;
  fastJidLocalParts = true;
  type Local = { _local: string; setLocal(local: string, escape?: boolean): Local };
  const prototype = Object.getPrototypeOf(jid('a@b')) as Local;
  const librarySetLocal = prototype.setLocal;
  prototype.setLocal = function setLocal(this: Local, local: string, escape?: boolean): Local {
    if (escape || (local && ESCAPABLE.test(local)))
      return librarySetLocal.call(this, local, escape);
    this._local = local && local.toLowerCase();
    return this;
  };
}
