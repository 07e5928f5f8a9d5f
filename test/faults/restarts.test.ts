/**
 * A process dies mid-burst: the XMPP server restarts, `herald listen` is killed with SIGKILL
 * and started again on the same data dir, the gateway is killed while the business system
 * keeps retrying. Nothing may be lost, shown twice, or stored twice.
 */
import { describe, test } from 'vitest';
import { findFreePort } from '../../dev/net-util.ts';
import { SERVER_KINDS, useServer } from '../support/fixture.ts';
import { pushIds, Scenario } from './support/scenario.ts';

const BURST = 300;
const FAULT_AT = 100;

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);

  test('the XMPP server restarts mid-burst: client and gateway log in again, nothing lost or doubled', async () => {
    const scenario = await Scenario.create(harness);
    const listener = await scenario.startListener();
    const burst = scenario.business.deliverAll(pushIds('restart', BURST), scenario.user.jid);
    await scenario.received(FAULT_AT);

    const mark = listener.events.length;
    await harness.server.restart();
    // From the server accepting logins again: how long the server itself takes to stop and
    // start (ejabberd: 2-6 s on a loaded machine) is not the client's to recover.
    const backAt = Date.now();
    await scenario.onlineAgain(mark);
    const recoveryMs = Date.now() - backAt;

    await burst;
    await scenario.finish({ server, scenario: 'server restart mid-burst', recoveryMs });
  });

  test('herald listen is killed with SIGKILL mid-burst and restarted: the rest arrives, nothing twice', async () => {
    const scenario = await Scenario.create(harness);
    await scenario.startListener();
    const burst = scenario.business.deliverAll(pushIds('sigkill', BURST), scenario.user.jid);
    await scenario.received(FAULT_AT);

    const killedAt = Date.now();
    await scenario.listener.kill();
    const restarted = await scenario.startListener({ waitForSync: false });
    await restarted.waitForOnline();
    const recoveryMs = Date.now() - killedAt;

    await burst;
    await scenario.finish({ server, scenario: 'client SIGKILL mid-burst', recoveryMs });
  });

  test('the gateway is killed mid-burst and restarted while the business system retries', async () => {
    const scenario = await Scenario.create(harness, { gatewayPort: await findFreePort() });
    await scenario.startListener();
    const burst = scenario.business.deliverAll(pushIds('gateway', BURST), scenario.user.jid);
    await scenario.received(FAULT_AT);

    const killedAt = Date.now();
    await scenario.gateway.kill();
    await scenario.startGateway();
    const recoveryMs = Date.now() - killedAt;

    await burst;
    await scenario.finish({ server, scenario: 'gateway SIGKILL mid-burst', recoveryMs });
  });
});
