/**
 * The client's side of the data: a long time offline with thousands of pushes waiting, a
 * full disk, a read-only data dir, a corrupt inbox file. Nothing may be lost or announced twice.
 */
import { describe, expect, test } from 'vitest';
import { open, rm } from 'node:fs/promises';
import { SERVER_KINDS, useServer } from '../support/fixture.ts';
import { mountSmallDisk, smallDiskUnavailable } from './support/small-disk.ts';
import { addCleanup, pushIds, Scenario } from './support/scenario.ts';

const OFFLINE_BACKLOG = 2_000;

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);

  test(`${OFFLINE_BACKLOG} pushes wait while the client is offline: all arrive, one summary, no toasts`, async () => {
    const scenario = await Scenario.create(harness);
    await (await scenario.startListener()).stop();
    await scenario.business.deliverAll(pushIds('offline', OFFLINE_BACKLOG), scenario.user.jid, 16);

    const startedAt = Date.now();
    const listener = await scenario.startListener({ waitForSync: false });
    await scenario.received(OFFLINE_BACKLOG, 60_000);
    const drainMs = Date.now() - startedAt;
    const synced = await listener.waitForSynced();

    const notifications = listener.events.filter((e) => e.type === 'notification');
    const shown = notifications.filter((e) => e.action === 'toast' || e.action === 'summary');
    // Said on failure: how the catch-up ended and what the listener decided instead.
    const actions = Object.groupBy(
      notifications,
      (e) => `${e.action}${e.reason ? `/${e.reason}` : ''}`,
    );
    const decided = Object.entries(actions).map(([action, list]) => `${action}: ${list?.length}`);
    expect(shown, `synced ${JSON.stringify(synced)}; ${decided.join(', ')}`).toEqual([
      expect.objectContaining({ action: 'summary', count: OFFLINE_BACKLOG }),
    ]);
    await scenario.finish({
      server,
      scenario: `offline, ${OFFLINE_BACKLOG} waiting`,
      recoveryMs: drainMs,
      recoveryBudgetMs: null,
    });
  });

  test('the inbox file is corrupt at start: it is moved aside and the archive refills the inbox', async () => {
    const scenario = await Scenario.create(harness);
    await scenario.startListener();
    const before = pushIds('corrupt-before', 30);
    await scenario.business.deliverAll(before, scenario.user.jid);
    await scenario.received(before.length);
    await scenario.listener.stop();
    // Servers stamp to the second, so Herald treats a push stamped within a second of the
    // file's last write as unseen (re-announcing beats silencing). The fault comes a moment
    // later here, as a real one would, so every restored push is surely one already seen.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const file = await open(scenario.inboxFile, 'r+');
    await file.write(Buffer.alloc(4096, 0xa5), 0, 4096, 0);
    await file.close();
    await rm(`${scenario.inboxFile}-wal`, { force: true });
    await scenario.business.deliverAll(pushIds('corrupt-after', 30), scenario.user.jid);

    const listener = await scenario.startListener();
    expect(listener.stderr.join('\n')).toMatch(
      /inbox file could not be read.* kept as .*inbox\.sqlite\.corrupt-\d+\. \(file is not a database\)/,
    );
    await scenario.finish({ server, scenario: 'corrupt inbox file', recoveryMs: null });
  });

  test.skipIf(smallDiskUnavailable)(
    `the disk fills up mid-burst: pushes still show, and are saved once there is space${smallDiskUnavailable ? ` (skipped: ${smallDiskUnavailable})` : ''}`,
    async () => {
      const disk = mountSmallDisk();
      addCleanup(() => disk.unmount());
      const scenario = await Scenario.create(harness, { dataDir: disk.dir });
      const listener = await scenario.startListener();
      await scenario.business.deliverAll(pushIds('disk-before', 50), scenario.user.jid);
      await scenario.received(50);

      disk.fill();
      await scenario.business.deliverAll(pushIds('disk-full', 100), scenario.user.jid);
      await scenario.received(150);
      await listener.waitUntil(
        () => listener.stderr.some((line) => /could not save the inbox.*full/i.test(line)),
        'a warning that the inbox could not be saved',
      );
      disk.free();
      await scenario.finish({ server, scenario: 'disk full mid-burst', recoveryMs: null });
    },
  );

  test.skipIf(smallDiskUnavailable)(
    `the data dir is read-only at start: a clear error, and everything arrives once it is writable${smallDiskUnavailable ? ` (skipped: ${smallDiskUnavailable})` : ''}`,
    async () => {
      const disk = mountSmallDisk();
      addCleanup(() => disk.unmount());
      const scenario = await Scenario.create(harness, { dataDir: disk.dir });
      await scenario.startListener();
      await scenario.business.deliverAll(pushIds('ro-before', 20), scenario.user.jid);
      await scenario.received(20);
      await scenario.listener.stop();

      disk.remount('ro');
      await scenario.business.deliverAll(pushIds('ro-waiting', 40), scenario.user.jid);
      const refused = await scenario.startListener({ waitForSync: false });
      expect(await refused.exited).toBe(1);
      expect(refused.stderr.join('\n')).toMatch(/read-only|readonly/i);
      expect(refused.pushes()).toEqual([]);

      disk.remount('rw');
      await scenario.startListener();
      await scenario.finish({ server, scenario: 'read-only data dir', recoveryMs: null });
    },
  );
});
