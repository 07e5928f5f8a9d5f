/**
 * A server that acked a push and then lost it, as ejabberd can when it restarts right after
 * its ack: the gateway's 200 is out, so only the gateway can send it again, and it does on
 * its next new session. Prosody plays the lossy server with a test module
 * (support/prosody-modules/mod_herald_lose_once.lua), so the loss is certain, not a race.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { useProsody } from './support/fixture.ts';
import { GatewayProcess } from './support/gateway-process.ts';

const TOKEN = 'erp-token-0123456789abcdef';
const MODULES_DIR = fileURLToPath(new URL('./support/prosody-modules', import.meta.url));

describe('herald gateway against a server that loses a push it acknowledged', () => {
  const harness = useProsody({ extraModules: { dir: MODULES_DIR, names: ['herald_lose_once'] } });
  const gateways: GatewayProcess[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
  });

  test('after the server restarts, the lost push is sent again and arrives once; a delivered one is not resent', async () => {
    const user = await harness.account('alice');
    const system = await harness.account('notify');
    const listener = await harness.listen(user, [system.jid]);
    await listener.waitForSynced();
    const gateway = new GatewayProcess({
      service: harness.server.service,
      caFile: harness.server.caFile,
      jid: system.jid,
      password: system.password,
      tokens: TOKEN,
    });
    gateways.push(gateway);
    const url = await gateway.url();
    const push = (id: string) =>
      fetch(`${url}/v1/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: user.jid, title: id, body: 'B', id }),
      });
    const deliveryState = async (id: string) => {
      const response = await fetch(`${url}/v1/push/${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const record = (await response.json()) as { recipients: Array<{ state: string }> };
      return record.recipients[0]?.state;
    };

    expect((await push('lose-once-1')).status).toBe(200);
    expect((await push('kept-1')).status).toBe(200);
    // The server handles one stream's stanzas in order: once the second push arrived (and
    // its receipt reached the gateway), the first would have too, had it not been lost.
    await listener.waitForPush('kept-1');
    await expect.poll(() => deliveryState('kept-1')).toBe('delivered');
    expect(listener.pushes().map((p) => p.id)).toEqual(['kept-1']);
    expect(await deliveryState('lose-once-1')).toBe('sent');

    const onlineLogs = () => gateway.lines.filter((line) => line.xmpp === 'online').length;
    const onlineBefore = onlineLogs();
    await harness.server.restart();
    await gateway.waitUntil(() => onlineLogs() > onlineBefore, 'the gateway online again');

    await listener.waitForPush('lose-once-1');
    await expect.poll(() => deliveryState('lose-once-1')).toBe('delivered');
    const resent = await gateway.waitFor((line) => line.resent !== undefined, 'the resend log');
    expect(resent).toMatchObject({
      resent: 1,
      msg: 'sent 1 unconfirmed pushes again on the new session',
    });
    expect(listener.pushes().map((p) => p.id)).toEqual(['kept-1', 'lose-once-1']);
  });
});
