import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { xml, type Client } from '@xmpp/client';
import { closeBoth, connectLocally, received } from '../../test/support/local-xmpp.ts';
import { requestAcksDuringRuns } from './ack-requests-during-runs.ts';
import { setAckRequestDelay } from './internals.ts';

const requestsIn = (text: string) => text.match(/<r xmlns="urn:xmpp:sm:3"\/>/g)?.length ?? 0;

/** Sends seven stanzas without a pause, then a marker; the ack requests the server got. */
async function ackRequestsInARun(prepare: (xmpp: Client) => void, awaited: number) {
  const connection = await connectLocally(prepare);
  const { xmpp, peer } = connection;
  const answer = received(peer);
  // As after <enabled/>; the library's own request waits for a pause, longer than this run.
  (xmpp.streamManagement as unknown as { enabled: boolean }).enabled = true;
  setAckRequestDelay(xmpp, 60_000);
  for (let i = 1; i <= 7; i++) await xmpp.send(xml('message', { id: `m${i}` }));
  await xmpp.write('<end/>');
  while (!answer.text().includes('<end/>') || requestsIn(answer.text()) < awaited)
    await once(peer, 'data');
  closeBoth(connection);
  return { text: answer.text(), requests: requestsIn(answer.text()) };
}

describe('requestAcksDuringRuns', () => {
  it('asks for an ack after every `every` stanzas, while sending never pauses', async () => {
    const { text, requests } = await ackRequestsInARun((x) => requestAcksDuringRuns(x, 3), 2);
    expect(requests).toBe(2);
    expect(text.indexOf('<r ')).toBeGreaterThan(text.indexOf('"m3"'));
  });

  it('(without it, no request until sending pauses)', async () => {
    const { requests } = await ackRequestsInARun(() => undefined, 0);
    expect(requests).toBe(0);
  });
});
