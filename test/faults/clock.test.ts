/**
 * The wall clock jumps while `herald listen` runs (an NTP correction, a wrong hardware clock
 * after sleep): back two hours, then forward two days. The keepalive must still find a dead
 * connection, and nothing may be lost, doubled or thrown away as "old".
 */
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { SERVER_KINDS, useServer } from '../support/fixture.ts';
import { pushIds, Scenario } from './support/scenario.ts';

const HOOK = fileURLToPath(new URL('./support/clock-jump-hook.ts', import.meta.url));
const TWO_HOURS = 2 * 3600_000;
const TWO_DAYS = 48 * 3600_000;

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);

  test('the clock jumps back 2 h, the line goes half-open, then the clock jumps 2 days ahead', async () => {
    const scenario = await Scenario.create(harness, {
      proxy: true,
      listenerNodeArgs: ['--import', HOOK],
      listenerEnv: { HERALD_TEST_CLOCK_JUMPS_MS: `${-TWO_HOURS},${TWO_HOURS + TWO_DAYS}` },
    });
    const listener = await scenario.startListener();
    const jumped = (count: number) =>
      listener.waitUntil(
        () => listener.stderr.filter((line) => line.includes('clock jumped')).length >= count,
        `clock jump ${count}`,
      );
    await scenario.business.deliverAll(pushIds('clock-before', 50), scenario.user.jid);
    await scenario.received(50);

    listener.child.kill('SIGUSR2');
    await jumped(1);
    const mark = listener.events.length;
    const stalledAt = Date.now();
    scenario.proxy!.halfOpenExisting();
    const burst = scenario.business.deliverAll(pushIds('clock-back', 100), scenario.user.jid);
    await scenario.onlineAgain(mark);
    const recoveryMs = Date.now() - stalledAt;
    await burst;

    listener.child.kill('SIGUSR2');
    await jumped(2);
    await scenario.business.deliverAll(pushIds('clock-ahead', 50), scenario.user.jid);
    await scenario.received(200);
    expect(listener.stderr.join('\n')).not.toMatch(/could not save/);
    await scenario.finish({ server, scenario: 'clock jumps back, then ahead', recoveryMs });
  });
});
