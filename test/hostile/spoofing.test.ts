/**
 * Hostile-input suite, spoofing: stanzas that try to pass for pushes, sent by a peer over a
 * real server (Prosody and ejabberd, each with its own accounts and listener) to the real
 * `herald listen` (one listener per server, --verbose so every ignored message is logged with
 * its reason). Each case asserts the exact reason the engine gives, that nothing reached the
 * inbox or a notification, and that a genuine push sent after it still arrives.
 *
 * Server vs Herald: Prosody stamps `from` with the sender's full JID (a forged `from` arrives
 * with the real sender); ejabberd instead ends the forger's stream with <invalid-from/> (nothing
 * arrives). Both map login names through nodeprep (upper case, full-width letters and
 * zero-width characters log in to the same account), but ejabberd keeps the non-ASCII
 * disguises in the JID it stamps, which Herald then refuses. Both only themselves wrap carbons
 * from our bare JID. What the server blocks is shown here; Herald's own rule for the crafted
 * stanza is proven on the trust function directly at the end of the file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializePush } from '../../core/push-codec.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { classifyIncomingMessage, type TrustContext } from '../../core/stanza-trust.ts';
import { whenAcknowledged } from '../../core/xmpp-patches/internals.ts';
import { keepLateSocketErrorsHandled } from '../../core/xmpp-patches/late-socket-errors.ts';
import { stopClient } from '../../core/xmpp-patches/stop-client.ts';
import { trackStreamManagement } from '../../core/xmpp-patches/stream-management-settled.ts';
import { connectPeer, type Peer } from '../../dev/xmpp-peer.ts';
import { SERVER_KINDS, useServer, type Account } from '../support/fixture.ts';
import { Listener } from '../support/listener.ts';
import { parseStanza } from '../support/stanza.ts';

const CARBONS = 'urn:xmpp:carbons:2';
const FORWARD = 'urn:xmpp:forward:0';
const RESOURCE = 'herald-listen';

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);

  let user: Account;
  let system: Account;
  let listener: Listener;
  let sender: Peer;
  let mallory: Peer;
  let phone: Peer;
  let dataDir: string;
  const peers: Peer[] = [];
  let fences = 0;
  /** The pushes that come from the system account and are accepted, as designed. */
  /**
   * The pushes that come from the system account and are accepted, as designed. The names
   * disguised with full-width letters or a zero-width joiner are accepted only on Prosody:
   * ejabberd stamps them as typed (see those tests), and Herald then refuses them.
   */
  const ACCEPTED = [
    'upper-case-system',
    ...(server === 'prosody' ? ['full-width-system', 'zero-width-system'] : []),
    'other-system-resource',
    'headline-system',
  ];

  async function peer(account: Account, resource?: string): Promise<Peer> {
    const connected = await connectPeer({ ...harness.server, ...account, resource });
    peers.push(connected);
    return connected;
  }

  beforeAll(async () => {
    user = await harness.account('alice');
    system = await harness.account('notify');
    dataDir = await mkdtemp(join(tmpdir(), 'herald-hostile-'));
    listener = new Listener({
      service: harness.server.service,
      caFile: harness.server.caFile,
      jid: user.jid,
      password: user.password,
      systemJids: [system.jid],
      dataDir,
      extraArgs: ['--verbose'],
    });
    await listener.waitForSynced();
    sender = await peer(system, 'gateway');
    mallory = await peer(await harness.account('mallory'));
    // Another device of the user, so the server sends carbons and the user's own resources can
    // try their luck.
    phone = await peer(user, 'phone');
  }, 60_000);

  afterAll(async () => {
    for (const connected of peers) await connected.stop();
    expect(await listener.stop()).toBe(0);
    // What the listener stored: only the genuine pushes.
    const { storage } = openSqliteInboxStorage(join(dataDir, 'inbox.sqlite'));
    const stored = storage.loadItems().map((item) => item.id);
    storage.close();
    expect(stored.filter((id) => !/^fence-\d+$/.test(id)).sort()).toEqual([...ACCEPTED].sort());
    expect(stored).toHaveLength(fences + ACCEPTED.length);
    await rm(dataDir, { recursive: true, force: true });
  });

  const listenerJid = () => `${user.jid}/${RESOURCE}`;

  /** The engine's debug lines: "herald: ignored message from FROM: REASON". */
  function ignoredLines(): Array<{ from: string; reason: string }> {
    return listener.stderr.flatMap((line) => {
      const match = /^herald: ignored message from (.*): ([a-z-]+)$/.exec(line);
      return match ? [{ from: match[1]!, reason: match[2]! }] : [];
    });
  }

  /**
   * A peer whose localpart is not ASCII. @xmpp/client 0.14 base64-encodes SASL messages with
   * `btoa`, which throws on such names (and passwords); PLAIN (over TLS) with the UTF-8 bytes as
   * a binary string sends exactly what the server expects.
   */
  async function connectUtf8Peer(
    jid: string,
    password: string,
    resource = 'attack',
  ): Promise<Peer> {
    const [local, domain] = jid.split('@') as [string, string];
    const xmpp = client({
      service: harness.server.service,
      domain,
      resource,
      credentials: (authenticate) =>
        authenticate(
          { username: asUtf8Bytes(local), password: asUtf8Bytes(password) },
          'PLAIN',
          xml('user-agent', { id: 'hostile-suite' }),
        ),
    });
    xmpp.reconnect.stop();
    keepLateSocketErrorsHandled(xmpp);
    xmpp.on('error', () => undefined);
    const streamManagement = trackStreamManagement(xmpp);
    await xmpp.start();
    await streamManagement.settled();
    const attacker: Peer = {
      xmpp,
      jid: xmpp.jid?.toString() ?? jid,
      received: [],
      async sendAcked(element) {
        const acked = whenAcknowledged(xmpp, [element]);
        await xmpp.send(element);
        await acked;
      },
      waitForStanza: () => Promise.reject(new Error('not used')),
      stop: () => stopClient(xmpp),
    };
    peers.push(attacker);
    return attacker;
  }

  function asUtf8Bytes(text: string): string {
    return Buffer.from(text, 'utf8').toString('latin1');
  }

  /** A push as the system account would send it, for attackers to copy. */
  function pushStanza(id: string, to = user.jid): Element {
    return serializePush(
      { id, kind: 'todo', priority: 'urgent', title: `Pay ${id}`, body: 'now' },
      to,
    );
  }

  /** The push wrapped in a carbon or an archive result (with the inner `from` of our choice). */
  function wrapped(
    wrapper: 'received' | 'sent' | 'result',
    inner: Element,
    to = listenerJid(),
    attrs: Record<string, string> = {},
  ): Element {
    const ns = wrapper === 'result' ? 'urn:xmpp:mam:2' : CARBONS;
    const extra = wrapper === 'result' ? { queryid: 'guess', id: 'arch-1' } : {};
    return xml(
      'message',
      { to, type: 'chat', ...attrs },
      xml(wrapper, { xmlns: ns, ...extra }, xml('forwarded', { xmlns: FORWARD }, inner)),
    );
  }

  function innerFromSystem(id: string): Element {
    const inner = pushStanza(id);
    inner.attrs.from = `${system.jid}/gateway`;
    inner.attrs.xmlns = 'jabber:client';
    return inner;
  }

  /**
   * Sends the hostile stanza(s), waits for the engine to log exactly `reasons`, then proves
   * the listener still works with a genuine push, and that nothing hostile reached the user.
   */
  async function expectIgnored(send: () => Promise<unknown>, reasons: string[]) {
    const before = ignoredLines().length;
    await send();
    await listener.waitUntil(
      () => ignoredLines().length - before >= reasons.length,
      `ignored: ${reasons.join(', ')}`,
    );
    const fence = `fence-${++fences}`;
    await sender.sendAcked(serializePush({ id: fence, title: 'Genuine', body: 'b' }, user.jid));
    await listener.waitForPush(fence);
    const seen = ignoredLines().slice(before);
    // Two copies may race (a message from our phone also comes back as a sent carbon).
    expect(seen.map((line) => line.reason).sort()).toEqual([...reasons].sort());
    expectOnlyFences();
    return seen;
  }

  /**
   * Sends a stanza whose `from` is not the sender's own JID. Prosody overwrites it with the
   * sender's full JID and delivers it (Herald then judges the real sender); ejabberd refuses
   * it: it ends the sender's stream with an <invalid-from/> stream error (RFC 6120 §4.9.3.9)
   * and delivers nothing, so Herald sees nothing to ignore. Either way the sender is spent on
   * ejabberd, so each such test uses a fresh peer.
   */
  async function sendForgedFrom(forger: Peer, stanza: Element): Promise<void> {
    if (server === 'prosody') return forger.sendAcked(stanza);
    const refused = new Promise<string | undefined>((resolve) =>
      forger.xmpp.on('error', (error: Error & { condition?: string }) => resolve(error.condition)),
    );
    await forger.xmpp.send(stanza);
    expect(await refused).toBe('invalid-from');
  }

  /** What Herald logs for a forged-`from` stanza: the reason on Prosody, nothing on ejabberd. */
  function forgedFromReasons(prosodyReasons: string[]): string[] {
    return server === 'prosody' ? prosodyReasons : [];
  }

  /** Every push and every notification so far is one of the genuine fence pushes. */
  function expectOnlyFences() {
    const allowed = (id: unknown) =>
      typeof id === 'string' && (/^fence-\d+$/.test(id) || ACCEPTED.includes(id));
    expect(listener.pushes().filter((event) => !allowed(event.id))).toEqual([]);
    const notifications = listener.events.filter((event) => event.type === 'notification');
    for (const event of notifications) {
      const ids = Array.isArray(event.ids) ? event.ids : [event.id];
      expect(ids.every(allowed), JSON.stringify(event)).toBe(true);
    }
    expect(listener.nonJsonLines).toEqual([]);
  }

  describe('other senders (through the server)', () => {
    test('a registered look-alike account (Cyrillic "о" in notify) is not the system account', async () => {
      const name = `${system.jid.split('@')[0]!.replace('o', '\u043e')}`;
      const jid = await harness.server.register(name, 'look-alike-password');
      const attacker = await connectUtf8Peer(jid, 'look-alike-password');
      expect(attacker.jid).toBe(`${jid}/attack`);
      expect(jid).not.toBe(system.jid);
      const [line] = await expectIgnored(
        () => attacker.sendAcked(pushStanza('lookalike-cyrillic')),
        ['not-from-system-jid'],
      );
      expect(line?.from).toBe(attacker.jid);
    });

    test('the same name in upper case logs in as the system account itself (server nodeprep), so it is trusted', async () => {
      // Both servers fold the case of the localpart and domain: NOTIFY… is notify…, no second
      // account, and both stamp the folded JID.
      const [local, domain] = system.jid.split('@') as [string, string];
      const upper = await peer(
        { jid: `${local.toUpperCase()}@${domain.toUpperCase()}`, password: system.password },
        'caps',
      );
      expect(upper.jid).toBe(`${system.jid}/caps`);
      await upper.sendAcked(pushStanza('upper-case-system'));
      expect(await listener.waitForPush('upper-case-system')).toMatchObject({ from: system.jid });
    });

    test.each([
      [
        'full-width letters',
        'full-width-system',
        (name: string) =>
          name.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      ],
      [
        'a zero-width joiner',
        'zero-width-system',
        (name: string) => `${name.slice(0, 2)}\u200D${name.slice(2)}`,
      ],
    ])(
      'the name written with %s logs in as the system account itself (server nodeprep), so it is trusted',
      async (_name, id, disguise) => {
        // Prosody maps the localpart through nodeprep (NFKC, zero-width characters removed): the
        // disguised name is the same account, so it takes the system account's own password.
        const [local, domain] = system.jid.split('@') as [string, string];
        const disguised = await connectUtf8Peer(
          `${disguise(local)}@${domain}`,
          system.password,
          id,
        );
        if (server === 'prosody') {
          expect(disguised.jid).toBe(`${system.jid}/${id}`);
          await disguised.sendAcked(pushStanza(id));
          expect(await listener.waitForPush(id)).toMatchObject({ from: system.jid });
          return;
        }
        // ejabberd also authenticates the disguised name as the system account (its nodeprep
        // maps it to the same user, so the system password works), but binds and stamps the JID
        // with the localpart as typed. Herald folds only ASCII case, so the push is refused:
        // fail-closed, no look-alike can get in this way (only the system account's password can).
        expect(disguised.jid).toBe(`${disguise(local)}@${domain}/${id}`);
        expect(disguised.jid).not.toBe(`${system.jid}/${id}`);
        const [line] = await expectIgnored(
          () => disguised.sendAcked(pushStanza(id)),
          ['not-from-system-jid'],
        );
        expect(line?.from).toBe(disguised.jid);
      },
    );

    test('a forged from="system JID" never arrives as the system account', async () => {
      const stanza = pushStanza('forged-from');
      stanza.attrs.from = `${system.jid}/gateway`;
      const forger = await peer(await harness.account('forger'));
      const seen = await expectIgnored(
        () => sendForgedFrom(forger, stanza),
        forgedFromReasons(['not-from-system-jid']),
      );
      if (server === 'prosody') expect(seen[0]?.from).toBe(forger.jid);
    });

    test('another resource of the system account is the system account (bare JID rule): accepted', async () => {
      const other = await peer(system, 'second-gateway');
      await other.sendAcked(pushStanza('other-system-resource'));
      expect(await listener.waitForPush('other-system-resource')).toMatchObject({
        from: system.jid,
        source: 'live',
      });
    });

    test("the user's own other device sending a push-shaped message is not the system account", async () => {
      // The server also copies it back to us as a sent carbon (our own outgoing message).
      const seen = await expectIgnored(
        () => phone.sendAcked(pushStanza('from-own-phone', listenerJid())),
        ['not-from-system-jid', 'sent-carbon'],
      );
      expect(seen.find((line) => line.reason === 'not-from-system-jid')?.from).toBe(phone.jid);
    });
  });

  describe('message types (through the server)', () => {
    test('type="error" from the system account is ignored', async () => {
      // To our full JID: an error to a bare JID is dropped by the server (RFC 6121 §8.5.2.1.1).
      const stanza = pushStanza('type-error', listenerJid());
      stanza.attrs.type = 'error';
      await expectIgnored(() => sender.sendAcked(stanza), ['type-error']);
    });

    test('type="groupchat" from the system account is ignored', async () => {
      const stanza = pushStanza('type-groupchat', listenerJid());
      stanza.attrs.type = 'groupchat';
      await expectIgnored(() => sender.sendAcked(stanza), ['type-groupchat']);
    });

    test('type="groupchat" from another user is ignored for its type before its sender', async () => {
      const stanza = pushStanza('groupchat-mallory', listenerJid());
      stanza.attrs.type = 'groupchat';
      await expectIgnored(() => mallory.sendAcked(stanza), ['type-groupchat']);
    });

    test('type="headline" from another user is ignored', async () => {
      const stanza = pushStanza('headline-mallory');
      stanza.attrs.type = 'headline';
      await expectIgnored(() => mallory.sendAcked(stanza), ['not-from-system-jid']);
    });

    test('type="headline" from the system account is a push, as designed (only not stored offline)', async () => {
      const stanza = pushStanza('headline-system');
      stanza.attrs.type = 'headline';
      await sender.sendAcked(stanza);
      expect(await listener.waitForPush('headline-system')).toMatchObject({ source: 'live' });
    });
  });

  describe('carbons (through the server)', () => {
    test("a carbon forged by the user's own other device (its full JID) is ignored", async () => {
      const seen = await expectIgnored(
        () => phone.sendAcked(wrapped('received', innerFromSystem('carbon-from-phone'))),
        ['forged-carbon', 'sent-carbon'],
      );
      expect(seen.find((line) => line.reason === 'forged-carbon')?.from).toBe(phone.jid);
    });

    test('a carbon forged by the system account itself is ignored (only our server wraps)', async () => {
      await expectIgnored(
        () => sender.sendAcked(wrapped('received', innerFromSystem('carbon-from-system'))),
        ['forged-carbon'],
      );
    });

    test("a genuine carbon of another user's message to our phone is ignored for its inner sender", async () => {
      const stanza = pushStanza('carbon-of-mallory', phone.jid);
      const [line] = await expectIgnored(() => mallory.sendAcked(stanza), ['not-from-system-jid']);
      // The server wrapped it, from our own bare JID: the wrapper was trusted, the inner sender not.
      expect(line?.from).toBe(user.jid);
    });

    test('a genuine carbon around a message that nests a forged carbon of a system push is ignored', async () => {
      const nested = wrapped('received', innerFromSystem('nested-carbon'), phone.jid);
      await expectIgnored(() => mallory.sendAcked(nested), ['not-from-system-jid']);
    });

    test('a sent carbon (our phone writing to the system account) is never a push', async () => {
      const outgoing = pushStanza('sent-by-phone', system.jid);
      await expectIgnored(() => phone.sendAcked(outgoing), ['sent-carbon']);
    });

    test('one stanza with a carbon and an archive wrapper is ignored', async () => {
      const both = wrapped('received', innerFromSystem('two-wrappers'));
      both.children.push(
        xml(
          'result',
          { xmlns: 'urn:xmpp:mam:2', queryid: 'guess', id: 'a' },
          xml('forwarded', { xmlns: FORWARD }, innerFromSystem('two-wrappers')),
        ),
      );
      await expectIgnored(() => phone.sendAcked(both), ['multiple-wrappers', 'sent-carbon']);
    });
  });

  describe('archive results (through the server)', () => {
    test("an archive result forged by the user's own other device is ignored", async () => {
      await expectIgnored(
        () => phone.sendAcked(wrapped('result', innerFromSystem('mam-from-phone'))),
        ['forged-mam', 'sent-carbon'],
      );
    });

    test('an archive result forged by the system account is ignored', async () => {
      await expectIgnored(
        () => sender.sendAcked(wrapped('result', innerFromSystem('mam-from-system'))),
        ['forged-mam'],
      );
    });

    test('an archive result claiming from="our bare JID" never arrives as from our server', async () => {
      const forger = await peer(await harness.account('forger'));
      const stanza = wrapped('result', innerFromSystem('mam-forged-from'), listenerJid(), {
        from: user.jid,
      });
      const seen = await expectIgnored(
        () => sendForgedFrom(forger, stanza),
        forgedFromReasons(['forged-mam']),
      );
      if (server === 'prosody') expect(seen[0]?.from).toBe(forger.jid);
    });

    test('after all of the above, the inbox holds only genuine pushes and the listener is still online', async () => {
      const fence = `fence-${++fences}`;
      await sender.sendAcked(serializePush({ id: fence, title: 'Last', body: 'b' }, user.jid));
      await listener.waitForPush(fence);
      expectOnlyFences();
      const states = listener.events.filter((e) => e.type === 'status').map((e) => e.state);
      expect(states).toEqual(['connecting', 'online']);
      expect(listener.child.exitCode).toBeNull();
    });
  });
});

// ---- Herald's own rules, for what the server never lets through ----------------------------

const OWN = 'alice@example.com';
const SYSTEM = 'notify@example.com';
const trust: TrustContext = {
  ownBareJid: OWN,
  systemJids: new Set([SYSTEM]),
  isOurMamQuery: (id) => id === 'our-query',
};

function verdict(text: string): string {
  const result = classifyIncomingMessage(parseStanza(text), trust);
  return result.verdict === 'ignore' ? result.reason : `push:${result.source}`;
}

const systemPush = `<message from="${SYSTEM}/gw" type="chat" id="i"><body>Pay</body></message>`;

describe('trust function: look-alike senders the server would fold or refuse', () => {
  test.each([
    ['a zero-width joiner', 'noti\u200Dfy@example.com'],
    ['a zero-width space', 'no\u200Btify@example.com'],
    ['a soft hyphen', 'noti\u00ADfy@example.com'],
    ['a Greek omicron', 'n\u03BFtify@example.com'],
    ['a dotless i', 'not\u0131fy@example.com'],
    ['a combining dot above', 'notify\u0307@example.com'],
    [
      'mathematical bold letters',
      '\u{1D427}\u{1D428}\u{1D42D}\u{1D422}\u{1D41F}\u{1D432}@example.com',
    ],
    ['a trailing dot on the domain', 'notify@example.com.'],
    ['a trailing space', 'notify@example.com '],
    ['an escaped @ (XEP-0106)', 'notify\\40example.com@evil.example'],
    ['the system JID as a resource', `mallory@example.com/${SYSTEM}`],
  ])('%s is not the system JID', (_name, from) => {
    expect(verdict(`<message from="${from}" type="chat"><body>Pay</body></message>`)).toBe(
      'not-from-system-jid',
    );
  });

  test('upper case is the system JID (nodeprep folds it; so does Herald, ASCII only)', () => {
    expect(
      verdict(`<message from="NOTIFY@EXAMPLE.COM/GW" type="chat"><body>x</body></message>`),
    ).toBe('push:live');
  });

  test('an archive result from our bare JID for a query we never sent is ignored', () => {
    const result = (queryId: string) =>
      `<message from="${OWN}"><result xmlns="urn:xmpp:mam:2" queryid="${queryId}" id="a">` +
      `<forwarded xmlns="${FORWARD}">${systemPush.replace('<message', '<message xmlns="jabber:client"')}</forwarded></result></message>`;
    expect(verdict(result('not-ours'))).toBe('unknown-mam-query');
    expect(verdict(result('OUR-QUERY'))).toBe('unknown-mam-query');
    expect(verdict(result('our-query'))).toBe('push:archive');
  });
});
