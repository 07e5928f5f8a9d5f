/**
 * The network between `herald listen` and the server fails mid-burst: a reset, a half-open
 * TCP, a slow line that delivers everything in tiny pieces. Nothing may be lost or doubled.
 */
import { describe, test } from 'vitest';
import { SERVER_KINDS, useServer } from '../support/fixture.ts';
import { pushIds, Scenario } from './support/scenario.ts';

const BURST = 300;
const FAULT_AT = 100;

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);

  test('the connection is reset mid-burst: the stream resumes, nothing lost or doubled', async () => {
    const scenario = await Scenario.create(harness, { proxy: true });
    const listener = await scenario.startListener();
    const burst = scenario.business.deliverAll(pushIds('cut', BURST), scenario.user.jid);
    await scenario.received(FAULT_AT);

    const mark = listener.events.length;
    const cutAt = Date.now();
    scenario.proxy!.cut();
    await scenario.onlineAgain(mark);
    const recoveryMs = Date.now() - cutAt;

    await burst;
    await scenario.finish({ server, scenario: 'tcp reset mid-burst', recoveryMs });
  });

  test('the connection goes half-open mid-burst: the keepalive finds it, nothing lost or doubled', async () => {
    const scenario = await Scenario.create(harness, { proxy: true });
    const listener = await scenario.startListener();
    const burst = scenario.business.deliverAll(pushIds('halfopen', BURST), scenario.user.jid);
    await scenario.received(FAULT_AT);

    const mark = listener.events.length;
    const stalledAt = Date.now();
    scenario.proxy!.halfOpenExisting();
    await scenario.onlineAgain(mark);
    const recoveryMs = Date.now() - stalledAt;

    await burst;
    await scenario.finish({ server, scenario: 'half-open tcp mid-burst', recoveryMs });
  });

  test('a slow line delivers every byte in pieces of 7: every push arrives once', async () => {
    const scenario = await Scenario.create(harness, { proxy: true });
    await scenario.startListener();
    scenario.proxy!.fragment(7);
    await scenario.business.deliverAll(pushIds('slow', 100), scenario.user.jid);
    await scenario.finish({ server, scenario: 'slow, fragmented line', recoveryMs: null });
  });
});
