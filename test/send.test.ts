/** `herald send` end to end against real servers (Prosody and ejabberd), received by `herald listen`. */
import { describe, expect, test } from 'vitest';
import { SERVER_KINDS, useServer } from './support/fixture.ts';
import { runHerald } from './support/run-herald.ts';
import { findFreePort } from '../dev/net-util.ts';

describe.each(SERVER_KINDS)('herald send against %s', (kind) => {
  const harness = useServer(kind);
  function sendArgs(systemJid: string, extra: string[]) {
    return [
      'send',
      '--service',
      harness.server.service,
      '--ca-file',
      harness.server.caFile,
      '--jid',
      systemJid,
      ...extra,
    ];
  }

  describe('herald send', () => {
    test('delivers a push with every field and prints its id once the server acknowledged it', async () => {
      const user = await harness.account('alice');
      const system = await harness.account('notify');
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const result = await runHerald(
        sendArgs(
          system.jid,
          [
            ['--to', user.jid],
            ['--title', 'Approve PO-5521'],
            ['--body', '¥86,400.00 for rack space'],
            ['--kind', 'todo'],
            ['--priority', 'high'],
            ['--url', 'https://oa.example.cn/approve/5521'],
            ['--due', '2026-11-27T10:00:00Z'],
            ['--category', 'Finance'],
            ['--id', 'po-5521'],
          ].flat(),
        ),
        { env: { HERALD_PASSWORD: system.password } },
      );
      expect(result).toMatchObject({ code: 0, stdout: 'po-5521\n' });
      expect(await listener.waitForPush('po-5521')).toMatchObject({
        kind: 'todo',
        priority: 'high',
        title: 'Approve PO-5521',
        body: '¥86,400.00 for rack space',
        url: 'https://oa.example.cn/approve/5521',
        due: '2026-11-27T10:00:00.000Z',
        category: 'Finance',
        from: system.jid,
      });
    });

    test('updates, completes and retracts a push it sent; herald listen prints each revision', async () => {
      const user = await harness.account('alice');
      const system = await harness.account('notify');
      const listener = await harness.listen(user, [system.jid]);
      await listener.waitForSynced();
      const send = (...extra: string[]) =>
        runHerald(sendArgs(system.jid, ['--to', user.jid, '--id', 'po-77', ...extra]), {
          env: { HERALD_PASSWORD: system.password },
        });
      const first = ['--title', 'Approve PO-77', '--body', 'b', '--kind', 'todo'];
      expect(await send(...first, '--action', 'approve=Approve=primary')).toMatchObject({
        code: 0,
      });
      expect(await listener.waitForPush('po-77')).toMatchObject({
        actions: [{ id: 'approve', label: 'Approve', style: 'primary', confirm: null }],
      });
      await send(...first, '--rev', '1', '--priority', 'urgent');
      expect(
        await listener.waitFor((e) => e.type === 'updated' && e.id === 'po-77', 'the update'),
      ).toMatchObject({ priority: 'urgent', rev: 1 });
      await send(...first, '--rev', '2', '--complete');
      expect(
        await listener.waitFor((e) => e.type === 'completed' && e.id === 'po-77', 'completion'),
      ).toMatchObject({ state: 'done', done: true, rev: 2 });
      await send('--rev', '3', '--retract');
      expect(
        await listener.waitFor((e) => e.type === 'retracted' && e.id === 'po-77', 'retraction'),
      ).toMatchObject({ state: 'retracted', title: 'Approve PO-77', body: '' });
      // Four herald processes in a row, each logging in: 30 s was too little on a loaded CI run.
    }, 120_000);

    test('sends to several recipients, reading the body from stdin', async () => {
      const system = await harness.account('notify');
      const users = [await harness.account('alice'), await harness.account('bob')];
      const listeners = await Promise.all(users.map((user) => harness.listen(user, [system.jid])));
      await Promise.all(listeners.map((listener) => listener.waitForSynced()));
      const result = await runHerald(
        sendArgs(system.jid, [
          '--to',
          users[0]!.jid,
          '--to',
          users[1]!.jid,
          '--title',
          'Deploy done',
        ]),
        { env: { HERALD_PASSWORD: system.password }, stdin: 'line one\nline two\n' },
      );
      expect(result.code).toBe(0);
      const id = result.stdout.trim();
      for (const listener of listeners) {
        expect(await listener.waitForPush(id)).toMatchObject({
          title: 'Deploy done',
          body: 'line one\nline two',
        });
      }
    });

    test('a wrong password exits 1 with a clear message', async () => {
      const system = await harness.account('notify');
      const result = await runHerald(
        sendArgs(system.jid, ['--to', 'x@localhost', '--title', 't', '--body', 'b']),
        {
          env: { HERALD_PASSWORD: 'wrong' },
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/push not sent: login failed: wrong user name or password/);
    });

    test('an unreachable server exits 1 with a clear message', async () => {
      const port = await findFreePort();
      const result = await runHerald(
        [
          'send',
          '--service',
          `xmpp://localhost:${port}`,
          '--jid',
          'notify@localhost',
          '--to',
          'x@localhost',
          '--title',
          't',
          '--body',
          'b',
        ],
        { env: { HERALD_PASSWORD: 'pw' } },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/push not sent: server unreachable: connection refused/);
    });

    test('bad arguments exit 2 naming the option, before any connection is made', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--to', 'x@localhost', '--body', 'b'], /--title/],
        [['--to', 'x@localhost', '--title', 't', '--body', 'b', '--kind', 'memo'], /--kind/],
        [
          ['--to', 'x@localhost', '--title', 't', '--body', 'b', '--url', 'javascript:alert(1)'],
          /--url/,
        ],
        [['--to', 'x@localhost', '--title', 't', '--body', 'b', '--due', 'next friday'], /--due/],
        [['--title', 't', '--body', 'b'], /--to/],
      ];
      for (const [args, message] of cases) {
        const result = await runHerald(['send', '--jid', 'notify@localhost', ...args], {
          env: { HERALD_PASSWORD: 'pw' },
        });
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(message);
      }
    });
  });
});
