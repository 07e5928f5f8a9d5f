import { createServer, Socket, type Server } from 'node:net';
import { EventEmitter, once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { client, jid, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import {
  batchWritesPerTurn,
  decodeUtf8AcrossReads,
  disableNagle,
  encodeSaslAsUtf8,
  holdAcksToQueuedStanzas,
  keepLateSocketErrorsHandled,
  requestAcksDuringRuns,
  requestIq,
  useFastJidLocalParts,
  useHeraldStreamParser,
  useNativeScram,
} from './xmpp-client-compat.ts';

interface Scram {
  _genNonce: () => string;
  response(credentials: object): Promise<string> | string;
  challenge(text: string): unknown;
}

function scramOf(xmpp: Client): new () => Scram {
  const factory = (
    xmpp as unknown as { saslFactory: { _mechs: Array<{ name: string; mech: new () => Scram }> } }
  ).saslFactory;
  const entry = factory._mechs.find((m) => m.name === 'SCRAM-SHA-1');
  if (!entry) throw new Error('no SCRAM-SHA-1 registered');
  return entry.mech;
}

/** One SCRAM exchange up to the client's proof, with fixed nonces, as a server would drive it. */
async function clientFinal(Mechanism: new () => Scram, password: string): Promise<string> {
  const mechanism = new Mechanism();
  mechanism._genNonce = () => 'clientnonce';
  const credentials = { username: 'alice', password };
  await mechanism.response(credentials);
  const salt = Buffer.from('a salt of 16 b!!').toString('base64');
  mechanism.challenge(`r=clientnonceSERVERNONCE,s=${salt},i=4096`);
  return mechanism.response(credentials);
}

describe('useNativeScram', () => {
  it('answers a SCRAM challenge exactly as the library (JavaScript PBKDF2) does', async () => {
    const xmpp = client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
    const library = scramOf(xmpp);
    useNativeScram(xmpp);
    const native = scramOf(xmpp);
    expect(native).not.toBe(library);
    for (const password of ['secret', 'pw-密码']) {
      expect(await clientFinal(native, password)).toBe(await clientFinal(library, password));
    }
  });
});

describe('encodeSaslAsUtf8', () => {
  it('PLAIN sends the UTF-8 bytes of a non-ASCII name and password, where btoa threw', async () => {
    const xmpp = client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
    type Plain = new () => { response(credentials: object): string };
    const plainOf = () =>
      (
        xmpp as unknown as { saslFactory: { _mechs: Array<{ name: string; mech: Plain }> } }
      ).saslFactory._mechs.find((m) => m.name === 'PLAIN')?.mech;
    const credentials = { username: 'José张三', password: 'pw-密码' };
    const Library = plainOf();
    if (!Library) throw new Error('no PLAIN registered');
    expect(() => btoa(new Library().response(credentials))).toThrow();
    encodeSaslAsUtf8(xmpp);
    const Utf8 = plainOf();
    if (!Utf8) throw new Error('no PLAIN registered');
    const wire = Buffer.from(btoa(new Utf8().response(credentials)), 'base64');
    expect(wire.toString('utf8')).toBe('\0José张三\0pw-密码');
  });
});

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

const STREAM_HEADER =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' version='1.0'>";

/** A client connected (TCP only, no stream yet) to a local server; `prepare` runs before. */
async function connectLocally(
  prepare: (xmpp: Client) => void,
): Promise<{ xmpp: Client; socket: Socket; peer: Socket }> {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer(resolve).listen(0, '127.0.0.1');
  });
  await once(server as Server, 'listening');
  const address = server?.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const xmpp = client({ service: `xmpp://127.0.0.1:${address.port}`, domain: 'localhost' });
  xmpp.on('error', () => undefined);
  prepare(xmpp);
  await xmpp.connect(`xmpp://127.0.0.1:${address.port}`);
  return { xmpp, socket: xmpp.socket as unknown as Socket, peer: await accepted };
}

/** Connected as above, and the server's stream header has arrived. */
async function openStream(prepare: (xmpp: Client) => void) {
  const connected = await connectLocally(prepare);
  const opened = connected.xmpp.open({ domain: 'localhost' });
  await once(connected.peer, 'data'); // the client's stream header: its parser is listening
  connected.socket.emit('data', Buffer.from(STREAM_HEADER));
  await opened;
  return connected;
}

describe('disableNagle', () => {
  it('sets TCP_NODELAY on the socket as soon as it connects', async () => {
    const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const { socket, peer } = await connectLocally(disableNagle);
    expect(setNoDelay).toHaveBeenCalledWith(true);
    socket.destroy();
    peer.destroy();
  });
});

describe('decodeUtf8AcrossReads', () => {
  it('a character whose bytes two socket reads split arrives whole', async () => {
    const { xmpp, socket, peer } = await openStream(decodeUtf8AcrossReads);
    const bytes = Buffer.from('<message id="m1"><body>审批</body></message>');
    const inside = bytes.indexOf(Buffer.from('批')) + 1;
    const arrived = once(xmpp, 'stanza') as Promise<[Element]>;
    // As the socket delivers two reads: the library's own data listener decodes them.
    socket.emit('data', bytes.subarray(0, inside));
    socket.emit('data', bytes.subarray(inside));
    const [message] = await arrived;
    expect(message.getChildText('body')).toBe('审批');
    socket.destroy();
    peer.destroy();
  });
});

describe('useHeraldStreamParser', () => {
  it('a bad entity from the server is a stream error, not an exception out of the socket', async () => {
    const { xmpp, socket, peer } = await openStream(useHeraldStreamParser);
    const errors: Error[] = [];
    xmpp.on('error', (error: Error) => errors.push(error));
    let answered = '';
    peer.setEncoding('utf8').on('data', (chunk: string) => (answered += chunk));
    expect(() =>
      socket.emit('data', Buffer.from('<message><body>&bogus;</body></message>')),
    ).not.toThrow();
    expect(errors.map((error) => error.name)).toEqual(['XMLError']);
    while (!answered.includes('<restricted-xml')) await once(peer, 'data');
    socket.destroy();
    peer.destroy();
  });

  it('(without it, the library throws: the crash it prevents)', async () => {
    const { socket, peer } = await openStream(() => undefined);
    expect(() =>
      socket.emit('data', Buffer.from('<message><body>&bogus;</body></message>')),
    ).toThrow(/entity/);
    socket.destroy();
    peer.destroy();
  });
});

describe('batchWritesPerTurn', () => {
  it('sends what one turn wrote in one system call, in order, and later writes on their own', async () => {
    const { xmpp, socket, peer } = await connectLocally(batchWritesPerTurn);
    let received = '';
    peer.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const writev = vi.spyOn(socket, '_writev');
    const writeOne = vi.spyOn(socket, '_write');

    await Promise.all(['<a/>', '<b/>', '<c/>'].map((data) => xmpp.write(data)));
    expect(writev).toHaveBeenCalledTimes(1);
    expect(writeOne).not.toHaveBeenCalled();
    await xmpp.write('<d/>');
    expect(writeOne).toHaveBeenCalledTimes(1);
    while (received.length < 16) await once(peer, 'data');
    expect(received).toBe('<a/><b/><c/><d/>');
    socket.destroy();
    peer.destroy();
  });
});

describe('requestAcksDuringRuns', () => {
  it('asks for an ack after every `every` stanzas, while sending never pauses', async () => {
    const { xmpp, socket, peer } = await connectLocally((x) => requestAcksDuringRuns(x, 3));
    let received = '';
    peer.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    // As after <enabled/>; the library's own request waits for a 250 ms pause.
    (xmpp.streamManagement as unknown as { enabled: boolean }).enabled = true;
    for (let i = 1; i <= 7; i++) await xmpp.send(xml('message', { id: `m${i}` }));
    const requests = () => received.match(/<r xmlns="urn:xmpp:sm:3"\/>/g)?.length ?? 0;
    while (requests() < 2 || !received.includes('"m7"')) await once(peer, 'data');
    expect(requests()).toBe(2);
    expect(received.indexOf('<r ')).toBeGreaterThan(received.indexOf('"m3"'));
    socket.destroy();
    peer.destroy();
  });
});

describe("requestAcksDuringRuns: the server's answer", () => {
  it('is met with a whitespace at once, so our TCP stack acknowledges it without delay', async () => {
    const { xmpp, socket, peer } = await openStream((x) => requestAcksDuringRuns(x, 100));
    (xmpp as unknown as { status: string }).status = 'online';
    let received = '';
    peer.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.emit('data', Buffer.from('<a xmlns="urn:xmpp:sm:3" h="0"/>'));
    while (!received.endsWith(' ')) await once(peer, 'data');
    expect(received).toBe(' ');
    socket.destroy();
    peer.destroy();
  });
});

describe('holdAcksToQueuedStanzas', () => {
  type Sm = { enabled: boolean; outbound: number; outbound_q: unknown[] };
  /** The server acknowledges one stanza the library has not queued yet, then it is sent. */
  async function ackOvertakingTheSend(prepare: (xmpp: Client) => void) {
    const { xmpp, socket, peer } = await openStream(prepare);
    const sm = xmpp.streamManagement as unknown as Sm & EventEmitter;
    sm.enabled = true;
    const errors: string[] = [];
    xmpp.on('error', (error: Error) => errors.push(error.message));
    const acked: Element[] = [];
    sm.on('ack', (stanza: Element) => acked.push(stanza));
    const ack = '<a xmlns="urn:xmpp:sm:3" h="1"/>';
    socket.emit('data', Buffer.from(ack));
    await new Promise((resolve) => setImmediate(resolve));
    const message = xml('message', { id: 'm1' });
    await xmpp.send(message);
    socket.emit('data', Buffer.from(ack)); // the next answer: h is cumulative
    await new Promise((resolve) => setImmediate(resolve));
    socket.destroy();
    peer.destroy();
    return { errors, acked, message, sm };
  }

  it('an ack that overtook a send acknowledges it with the next answer, counters intact', async () => {
    const { errors, acked, message, sm } = await ackOvertakingTheSend(holdAcksToQueuedStanzas);
    expect(errors).toEqual([]);
    expect(acked).toEqual([message]);
    expect(sm.outbound).toBe(1);
    expect(sm.outbound_q).toEqual([]);
  });

  it('(without it, the library throws and never acknowledges the stanza)', async () => {
    const { errors, acked, sm } = await ackOvertakingTheSend(() => undefined);
    expect(errors).toEqual(["Cannot read properties of undefined (reading 'stanza')"]);
    expect(acked).toEqual([]);
    expect(sm.outbound_q).toHaveLength(1);
  });
});

describe('requestIq', () => {
  it('an error answer that comes before the request was written does not go unhandled', async () => {
    const xmpp = client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
    let written = (): void => undefined;
    // The write callback has not fired yet…
    (xmpp as unknown as { send(): Promise<void> }).send = () =>
      new Promise((resolve) => (written = resolve));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const query = xml('iq', { type: 'set', id: 'q1' }, xml('query', { xmlns: 'urn:xmpp:mam:2' }));
      const answer = requestIq(xmpp, query, 5_000);
      // …when the server's error answer is routed.
      const error = xml(
        'iq',
        { type: 'error', id: 'q1' },
        xml(
          'error',
          { type: 'cancel' },
          xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
        ),
      );
      const caller = xmpp.iqCaller as unknown as {
        _route(context: object, next: () => void): void;
      };
      caller._route({ type: 'error', name: 'iq', id: 'q1', stanza: error }, () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      written();
      await expect(answer).rejects.toMatchObject({ condition: 'service-unavailable' });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('useFastJidLocalParts', () => {
  it('gives every JID exactly what @xmpp/jid gives, escapable characters or not', () => {
    const addresses = [
      'notify@example.com/gateway-1',
      'Alice@Example.COM/Desk',
      '张三@例子.cn/电脑',
      'd\\27artagnan@musketeers.lit',
      "d'artagnan@musketeers.lit",
      'space\\20cadet@example.com',
      'c:\\5cnet@example.com',
      'a\\40b@example.com',
      'example.com',
      'example.com/resource',
    ];
    const describeJid = (address: string) => {
      const parsed = jid(address);
      return [parsed.toString(), parsed.local, parsed.getLocal(true), parsed.bare().toString()];
    };
    const library = addresses.map(describeJid);
    const built = [
      jid("d'artagnan", 'musketeers.lit', 'r').toString(),
      jid('Bob', 'x.org').toString(),
    ];
    useFastJidLocalParts();
    useFastJidLocalParts(); // once is enough; a second call changes nothing
    expect(addresses.map(describeJid)).toEqual(library);
    expect([
      jid("d'artagnan", 'musketeers.lit', 'r').toString(),
      jid('Bob', 'x.org').toString(),
    ]).toEqual(built);
  });
});

describe('keepLateSocketErrorsHandled', () => {
  type Attachable = {
    _attachSocket(socket: EventEmitter): void;
    _detachSocket(): void;
  };
  const lateError = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

  it('an error after the client let go of its socket no longer throws', () => {
    const xmpp = client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
    keepLateSocketErrorsHandled(xmpp);
    const connection = xmpp as unknown as Attachable;
    const socket = new EventEmitter();
    const reported: unknown[] = [];
    xmpp.on('error', (error) => reported.push(error));
    connection._attachSocket(socket);
    socket.emit('error', lateError());
    expect(reported).toHaveLength(1); // while attached, the client still hears it
    connection._detachSocket();
    expect(() => socket.emit('error', lateError())).not.toThrow();
    expect(reported).toHaveLength(1);
  });

  it('(without it, the library throws: the crash it prevents)', () => {
    const xmpp = client({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
    const connection = xmpp as unknown as Attachable;
    const socket = new EventEmitter();
    connection._attachSocket(socket);
    connection._detachSocket();
    expect(() => socket.emit('error', lateError())).toThrow('EPIPE');
  });
});
