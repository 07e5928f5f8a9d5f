import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Client } from '@xmpp/client';
import { closeBoth, openStream, received } from '../../test/support/local-xmpp.ts';
import { answerAcksAtOnce } from './quick-ack-answers.ts';

/** The server answers an ack request; then the client writes a marker. What did it send? */
async function sentAfterAnAnswer(prepare: (xmpp: Client) => void): Promise<string> {
  const connection = await openStream(prepare);
  const { xmpp, socket, peer } = connection;
  (xmpp as unknown as { status: string }).status = 'online';
  const answer = received(peer);
  socket.emit('data', Buffer.from('<a xmlns="urn:xmpp:sm:3" h="0"/>'));
  await xmpp.write('<end/>');
  while (!answer.text().endsWith('<end/>')) await once(peer, 'data');
  closeBoth(connection);
  return answer.text();
}

describe('answerAcksAtOnce', () => {
  it("meets the server's <a/> with a whitespace at once, so our TCP stack acknowledges it without delay", async () => {
    expect(await sentAfterAnAnswer(answerAcksAtOnce)).toBe(' <end/>');
  });

  it('(without it, nothing answers it: delayed ACK holds our TCP acknowledgement)', async () => {
    expect(await sentAfterAnAnswer(() => undefined)).toBe('<end/>');
  });
});
