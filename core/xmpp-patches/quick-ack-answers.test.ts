import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Client } from '@xmpp/client';
import { closeBoth, openStream, received } from '../../test/support/local-xmpp.ts';
import { answerReadsAtOnce } from './quick-ack-answers.ts';

/** The server sends `data` as one read to an online client, which then writes a marker. */
async function sentAfter(data: string, prepare: (xmpp: Client) => void): Promise<string> {
  const connection = await openStream(prepare);
  const { xmpp, socket, peer } = connection;
  (xmpp as unknown as { status: string }).status = 'online';
  const answer = received(peer);
  socket.emit('data', Buffer.from(data));
  await xmpp.write('<end/>');
  while (!answer.text().endsWith('<end/>')) await once(peer, 'data');
  closeBoth(connection);
  return answer.text();
}

const ACK = '<a xmlns="urn:xmpp:sm:3" h="0"/>';
const RECEIPT =
  '<message from="u@localhost/x"><received xmlns="urn:xmpp:receipts" id="p1"/></message>';

describe('answerReadsAtOnce', () => {
  it("meets the server's <a/> with a whitespace at once, so our TCP stack acknowledges it without delay", async () => {
    expect(await sentAfter(ACK, answerReadsAtOnce)).toBe(' <end/>');
  });

  it('and a stanza (a receipt to a gateway, which answers nothing)', async () => {
    expect(await sentAfter(RECEIPT, answerReadsAtOnce)).toBe(' <end/>');
  });

  it('once per read, however many elements it held', async () => {
    expect(await sentAfter(ACK + RECEIPT + ACK, answerReadsAtOnce)).toBe(' <end/>');
  });

  it('(without it, nothing answers them: delayed ACK holds our TCP acknowledgement)', async () => {
    expect(await sentAfter(ACK + RECEIPT, () => undefined)).toBe('<end/>');
  });
});
