/**
 * `herald listen` end to end against real servers (Prosody and ejabberd): the engine's client rules as a user of
 * the CLI sees them.
 */
import { describe, expect, test } from 'vitest';
import { xml } from '@xmpp/client';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializePush } from '../core/push-codec.ts';
import { samplePushes } from './support/pushes.ts';
import { SERVER_KINDS, useServer } from './support/fixture.ts';
import type { Peer } from '../dev/xmpp-peer.ts';

describe.each(SERVER_KINDS)('herald listen against %s', (kind) => {
  const harness = useServer(kind);
  async function setup() {
    const user = await harness.account('alice');
    const system = await harness.account('notify');
    const sender = await harness.peer(system);
    return { user, system, sender };
  }

  function push(sender: Peer, to: string, draft: Parameters<typeof serializePush>[0]) {
    return sender.sendAcked(serializePush(draft, to));
  }

  describe('live delivery', () => {
    test('a push arrives with every field intact, is toasted and acknowledged with a receipt', async () => {
      const { user, system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForOnline();
      await listener.waitForSynced();
      const draft = samplePushes[0]!;
      const receipt = sender.waitForStanza(
        (s) => s.getChild('received', 'urn:xmpp:receipts')?.attrs.id === draft.id,
      );
      await push(sender, user.jid, draft);

      const event = await listener.waitForPush(draft.id);
      expect(event).toMatchObject({
        type: 'push',
        id: draft.id,
        kind: draft.kind,
        priority: draft.priority,
        title: draft.title,
        body: draft.body,
        url: draft.url,
        due: new Date(draft.due!).toISOString(),
        category: draft.category,
        from: system.jid,
        delayed: false,
        source: 'live',
      });
      await listener.waitFor(
        (e) => e.type === 'notification' && e.id === draft.id && e.action === 'toast',
        'a toast decision',
      );
      await receipt;
      expect(listener.nonJsonLines).toEqual([]);
    });

    test('the receipt is not archived: the archives keep the push alone', async () => {
      const { user, system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const receipt = sender.waitForStanza(
        (s) => s.getChild('received', 'urn:xmpp:receipts')?.attrs.id === 'kept-once',
      );
      await push(sender, user.jid, { id: 'kept-once', title: 'Kept once', body: 'b' });
      await receipt;
      await listener.stop();

      // Both sides' archives, as a later catch-up on another device would page through them.
      const phone = await harness.peer(user, 'phone');
      expect(await archivedPayloads(phone)).toEqual(['push']);
      expect(await archivedPayloads(sender)).toEqual(['push']);
    });

    test('a receipt for a sender who went away is kept offline and reaches it when it is back', async () => {
      const { user, system, sender } = await setup();
      await push(sender, user.jid, { id: 'while-away', title: 'While away', body: 'b' });
      await sender.stop();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForPush('while-away');
      // A graceful stop: the server has handled the receipt before it closes the stream.
      expect(await listener.stop()).toBe(0);

      const back = await harness.peer(system);
      const receipt = await back.waitForStanza(
        (s) => s.getChild('received', 'urn:xmpp:receipts')?.attrs.id === 'while-away',
      );
      expect(receipt.getChild('delay', 'urn:xmpp:delay')).toBeDefined();
    });

    test('Chinese text and a plain subject+body message (the original plugin) are delivered', async () => {
      const { user, system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const chinese = samplePushes.find((p) => /[\u4e00-\u9fff]/.test(p.title))!;
      await push(sender, user.jid, chinese);
      await sender.sendAcked(
        xml(
          'message',
          { to: user.jid, type: 'chat', id: 'plain-1' },
          xml('subject', {}, 'Server maintenance tonight'),
          xml('body', {}, 'Mail will be down 22:00-23:00.'),
        ),
      );
      expect(await listener.waitForPush(chinese.id)).toMatchObject({
        title: chinese.title,
        body: chinese.body,
      });
      const plain = await listener.waitFor(
        (e) => e.type === 'push' && e.title === 'Server maintenance tonight',
        'plain',
      );
      expect(plain).toMatchObject({
        kind: 'notice',
        priority: 'normal',
        body: 'Mail will be down 22:00-23:00.',
      });
    });
    test('a Chinese body longer than one TLS record arrives intact, not cut mid-character', async () => {
      const { user, system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      // 9,000 three-byte characters: 27 KB, so the server's TLS records (16 KB at most) end
      // inside the body, wherever the stanza begins; an odd-length run shifts the boundary.
      const sentence = '审批单号：采购申请已提交，请在今日下班前完成复核。';
      const body = sentence.repeat(Math.floor(9_000 / sentence.length));
      for (const [index, padding] of ['', 'a', 'ab'].entries()) {
        const id = `long-zh-${index}`;
        await push(sender, user.jid, { ...samplePushes[0]!, id, title: `长消息 ${padding}`, body });
        const arrived = String((await listener.waitForPush(id)).body);
        // Where it differs, briefly: the whole 27 KB would bury the report.
        const at = firstDifference(arrived, body);
        expect({ at, there: arrived.slice(at, at + 8) }).toEqual({ at: -1, there: '' });
      }
    });
    test('a user whose name is Chinese logs in and receives a push', async () => {
      const user = await harness.account('张三');
      const { system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      expect(await listener.waitForOnline()).toMatchObject({ jid: expect.stringMatching(/^张三/) });
      await push(sender, user.jid, { id: 'to-zhang-san', title: '你好', body: '欢迎' });
      expect(await listener.waitForPush('to-zhang-san')).toMatchObject({ title: '你好' });
    });
  });

  describe('choices on stdin', () => {
    const EVENT_NS = 'urn:herald:push:0';
    const eventAtSender = (sender: Peer, type: string) =>
      sender.waitForStanza((s) => s.getChild('event', EVENT_NS)?.attrs.type === type);

    /** A listener with a stdin pipe that has `draft` in its inbox. */
    async function listenerWith(draft: Parameters<typeof serializePush>[0]) {
      const { user, system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid], { stdin: true });
      await listener.waitForSynced();
      await push(sender, user.jid, draft);
      await listener.waitForPush(draft.id);
      return { listener, sender };
    }

    test("an acknowledgement and an action typed on stdin reach the sender and show as the user's events", async () => {
      const { listener, sender } = await listenerWith({
        id: 'po-5521',
        kind: 'todo',
        title: 'Approve PO-5521',
        body: 'Rack space',
        ackRequired: true,
        actions: [
          { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
          { id: 'reject', label: 'Reject', style: 'destructive', confirm: null },
        ],
      });

      const acknowledged = eventAtSender(sender, 'acknowledged');
      listener.writeLine('ack po-5521');
      expect((await acknowledged).getChild('event', EVENT_NS)?.attrs.push).toBe('po-5521');
      await listener.waitFor(
        (e) => e.type === 'user-event' && e.event === 'acknowledged' && e.source === 'local',
        'the acknowledgement as a user-event line',
      );

      const approved = eventAtSender(sender, 'action');
      listener.writeLine('{"event":"action","pushId":"po-5521","action":"approve"}');
      expect((await approved).getChild('event', EVENT_NS)?.attrs.action).toBe('approve');
      expect(listener.nonJsonLines).toEqual([]);
    });

    test('a line that chooses nothing is answered with why, and the listener goes on', async () => {
      const { listener } = await listenerWith({ id: 'news-1', title: 'Canteen closed', body: 'b' });

      for (const line of ['action news-1 approve', 'done nothing-here', 'launch news-1', '{']) {
        listener.writeLine(line);
        await listener.waitFor((e) => e.type === 'refused' && e.line === line, `refused ${line}`);
      }
      const refusals = listener.events.filter((e) => e.type === 'refused');
      expect(refusals.map((e) => e.reason)).toEqual([
        'this push has no actions',
        'no push "nothing-here" in the inbox',
        expect.stringMatching(/^unknown command "launch"/),
        'not valid JSON',
      ]);

      // Still listening, and a good line still works.
      listener.writeLine('done news-1');
      await listener.waitFor(
        (e) => e.type === 'user-event' && e.event === 'done' && e.pushId === 'news-1',
        'done on news-1',
      );
    });
  });

  describe('--exec', () => {
    test('runs the command once per new push with the fields in HERALD_* variables', async () => {
      const { user, system, sender } = await setup();
      const out = join(await harness.dataDir(), 'exec.log');
      const listener = await harness.listen(user, [system.jid], {
        extraArgs: [
          '--exec',
          `printf '%s|%s|%s\\n' "$HERALD_ID" "$HERALD_KIND" "$HERALD_TITLE" >> '${out}'`,
        ],
      });
      await listener.waitForSynced();
      await push(sender, user.jid, {
        id: 'ex-1',
        kind: 'todo',
        title: '$(touch /tmp/pwned) `x`',
        body: 'b',
      });
      await push(sender, user.jid, { id: 'ex-1', kind: 'todo', title: 'duplicate', body: 'b' });
      await push(sender, user.jid, { id: 'ex-2', kind: 'news', title: '新闻', body: 'b' });
      await listener.waitForPush('ex-2');
      expect(await listener.stop()).toBe(0);
      // The resend is dropped before any notification is decided: one toast, not two.
      const toasts = listener.events.filter((e) => e.type === 'notification' && e.id === 'ex-1');
      expect(toasts).toEqual([expect.objectContaining({ action: 'toast' })]);
      expect(await readFile(out, 'utf8')).toBe(
        'ex-1|todo|$(touch /tmp/pwned) `x`\nex-2|news|新闻\n',
      );
    });
  });

  describe('while the client is away', () => {
    test('pushes sent while offline arrive on login, delayed, as one summary and no toasts', async () => {
      const { user, system, sender } = await setup();
      const ids = ['off-1', 'off-2', 'off-3'];
      for (const id of ids) await push(sender, user.jid, { id, title: `Offline ${id}`, body: 'b' });

      const listener = await harness.listen(user, [system.jid]);
      for (const id of ids) expect(await listener.waitForPush(id)).toMatchObject({ delayed: true });
      const summary = await listener.waitFor(
        (e) => e.type === 'notification' && e.action === 'summary',
        'summary',
      );
      expect(summary).toMatchObject({ count: 3 });
      expect(
        listener.events.filter((e) => e.type === 'notification' && e.action === 'toast'),
      ).toEqual([]);
      expect(listener.pushes()).toHaveLength(3);
    });

    test('pushes another device of the user received meanwhile come from the archive (MAM) after a restart', async () => {
      const { user, system, sender } = await setup();
      const dataDir = await harness.dataDir();
      const first = await harness.listen(user, [system.jid], { dataDir });
      await first.waitForSynced();
      await push(sender, user.jid, { id: 'before', title: 'Before', body: 'b' });
      await first.waitForPush('before');
      expect(await first.stop()).toBe(0);

      // The phone is online, so the server delivers there and keeps nothing offline for us.
      // 150 pushes: more than one archive page (the server returns at most 100 per query).
      const phone = await harness.peer(user, 'phone');
      const ids = Array.from({ length: 150 }, (_, i) => `mam-${i + 1}`);
      await Promise.all(ids.map((id) => push(sender, user.jid, { id, title: id, body: 'b' })));
      await phone.waitForStanza(
        (s) => s.getChild('push', 'urn:herald:push:0')?.attrs.id === 'mam-150',
      );

      const second = await harness.listen(user, [system.jid], { dataDir });
      const synced = await second.waitForSynced();
      expect(synced).toMatchObject({ status: 'complete', pages: 2 });
      expect(second.pushes().map((e) => e.id)).toEqual(ids);
      expect(second.pushes().every((e) => e.source === 'archive')).toBe(true);
      // The engine reports the catch-up's summary before `synced`, and exactly one.
      const summaries = second.events.filter(
        (e) => e.type === 'notification' && e.action === 'summary',
      );
      expect(summaries).toMatchObject([{ count: 150 }]);
    });

    test('the same push is not delivered again after a listener restart on the same data dir', async () => {
      const { user, system, sender } = await setup();
      const dataDir = await harness.dataDir();
      const first = await harness.listen(user, [system.jid], { dataDir });
      await first.waitForSynced();
      await push(sender, user.jid, { id: 'once', title: 'Once', body: 'b' });
      await first.waitForPush('once');
      await first.stop();

      // A business system retries the same push while the client is down.
      await push(sender, user.jid, { id: 'once', title: 'Once (retried)', body: 'b' });
      const second = await harness.listen(user, [system.jid], { dataDir });
      await second.waitForSynced();
      await push(sender, user.jid, { id: 'after', title: 'After', body: 'b' });
      await second.waitForPush('after');
      expect(second.pushes().map((e) => e.id)).toEqual(['after']);
    });
  });

  describe('carbons', () => {
    test('a push sent to another device of the user arrives as a carbon copy', async () => {
      const { user, system, sender } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const phone = await harness.peer(user, 'phone');
      await push(sender, phone.jid, { id: 'to-phone', title: 'For the phone', body: 'b' });
      expect(await listener.waitForPush('to-phone')).toMatchObject({
        source: 'carbon',
        title: 'For the phone',
      });
    });
  });

  describe('trust', () => {
    test('messages from other users, forged carbons and forged archive results are ignored', async () => {
      const { user, system, sender } = await setup();
      const mallory = await harness.account('mallory');
      const attacker = await harness.peer(mallory);
      const listener = await harness.listen(user, [system.jid], { extraArgs: ['--verbose'] });
      await listener.waitForSynced();

      const forgedInner = serializePush(
        { id: 'forged', title: 'Pay this invoice', body: 'now' },
        user.jid,
      );
      forgedInner.attrs.from = `${system.jid}/gateway`;
      await attacker.sendAcked(
        serializePush({ id: 'direct', title: 'From mallory', body: 'x' }, user.jid),
      );
      await attacker.sendAcked(
        xml(
          'message',
          { to: user.jid, type: 'chat' },
          xml(
            'received',
            { xmlns: 'urn:xmpp:carbons:2' },
            xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, forgedInner),
          ),
        ),
      );
      await attacker.sendAcked(
        xml(
          'message',
          { to: user.jid, type: 'chat' },
          xml(
            'result',
            { xmlns: 'urn:xmpp:mam:2', queryid: 'guess', id: 'x' },
            xml(
              'forwarded',
              { xmlns: 'urn:xmpp:forward:0' },
              xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2026-01-01T00:00:00Z' }),
              forgedInner,
            ),
          ),
        ),
      );
      await push(sender, user.jid, { id: 'genuine', title: 'Genuine', body: 'b' });
      await listener.waitForPush('genuine');
      await listener.waitUntil(
        () => listener.stderr.filter((l) => l.includes('ignored')).length >= 3,
        '3 ignored',
      );
      expect(listener.pushes().map((e) => e.id)).toEqual(['genuine']);
    });
  });

  describe('connection trouble', () => {
    test('a wrong password ends in auth-failed and exit code 1, with a single login attempt', async () => {
      const { user, system } = await setup();
      const listener = await harness.listen(user, [system.jid], { password: 'wrong' });
      expect(await listener.exited).toBe(1);
      const states = listener.events.filter((e) => e.type === 'status').map((e) => e.state);
      expect(states).toEqual(['connecting', 'auth-failed']);
      expect(listener.events.find((e) => e.state === 'auth-failed')).toMatchObject({
        reason: 'wrong user name or password',
      });
    });

    test('after a server restart the listener reconnects and receives pushes again', async () => {
      const { user, system } = await setup();
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      await harness.server.restart();
      await listener.waitFor(
        (e) => e.type === 'status' && e.state === 'reconnecting',
        'reconnecting',
      );
      await listener.waitUntil(
        () =>
          listener.events.filter((e) => e.type === 'status' && e.state === 'online').length >= 2,
        'online again',
      );
      const sender = await harness.peer(system);
      await push(sender, user.jid, { id: 'after-restart', title: 'Back', body: 'b' });
      await listener.waitForPush('after-restart');
    });
  });
});

/** What each message in the peer's own archive carries: 'push', 'receipt' or 'other'. */
async function archivedPayloads(peer: Peer): Promise<string[]> {
  const queryid = `archive-${peer.received.length}`;
  await peer.xmpp.iqCaller.set(xml('query', { xmlns: 'urn:xmpp:mam:2', queryid }));
  return peer.received
    .map((stanza) => stanza.getChild('result', 'urn:xmpp:mam:2'))
    .filter((result) => result?.attrs.queryid === queryid)
    .map((result) => result?.getChild('forwarded')?.getChild('message'))
    .map((message) =>
      message?.getChild('push', 'urn:herald:push:0')
        ? 'push'
        : message?.getChild('received', 'urn:xmpp:receipts')
          ? 'receipt'
          : 'other',
    );
}

/** The first index where two strings differ (a length counts), or -1 when they are equal. */
function firstDifference(a: string, b: string): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}
