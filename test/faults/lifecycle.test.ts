/**
 * Revisions while the network fails: the sender updates and completes pushes while the
 * listener's connection is reset. Every item must end at its latest revision, once.
 */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, test } from 'vitest';
import { SERVER_KINDS, useServer } from '../support/fixture.ts';
import { pushIds, Scenario } from './support/scenario.ts';

const COUNT = 40;

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);

  test('updates and completions through a connection reset: each item ends at its latest revision', async () => {
    const scenario = await Scenario.create(harness, { proxy: true });
    const listener = await scenario.startListener();
    const ids = pushIds('revise', COUNT);
    await scenario.business.deliverAll(ids, scenario.user.jid);
    await scenario.received(COUNT);

    const { api } = scenario;
    const revise = async (id: string, index: number) => {
      expect((await api.update(id, { title: `Updated ${index}` })).status).toBe(200);
      if (index % 2 === 0) expect((await api.complete(id)).status).toBe(200);
    };
    const half = COUNT / 2;
    await Promise.all(ids.slice(0, half).map((id, i) => revise(id, i)));
    const mark = listener.events.length;
    scenario.proxy!.cut();
    await Promise.all(ids.slice(half).map((id, i) => revise(id, half + i)));
    await scenario.onlineAgain(mark);

    const latest = (id: string, index: number) =>
      listener.events.some(
        (e) => e.id === id && (index % 2 === 0 ? e.type === 'completed' : e.type === 'updated'),
      );
    await listener.waitUntil(
      () => ids.every((id, index) => latest(id, index)),
      'every latest revision',
      30_000,
    );
    await listener.stop();

    const db = new DatabaseSync(scenario.inboxFile, { readOnly: true });
    const rows = db
      .prepare('SELECT id, rev, state, title, done FROM items ORDER BY id')
      .all() as Array<{ id: string; rev: number; state: string; title: string; done: number }>;
    db.close();
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(rows).toHaveLength(COUNT);
    ids.forEach((id, index) => {
      const expected =
        index % 2 === 0
          ? { rev: 2, state: 'done', done: 1, title: `Updated ${index}` }
          : { rev: 1, state: 'open', done: 0, title: `Updated ${index}` };
      expect(byId.get(id), id).toMatchObject(expected);
    });
    expect(listener.pushes()).toHaveLength(COUNT);
  });
});
