import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { closeBoth, openStream } from '../../test/support/local-xmpp.ts';
import { decodeUtf8AcrossReads } from './utf8-across-reads.ts';

/** A body whose last character's bytes two socket reads split, as the client parses it. */
async function bodyAcrossTwoReads(prepare: (xmpp: Client) => void): Promise<string | null> {
  const connection = await openStream(prepare);
  const { xmpp, socket } = connection;
  const bytes = Buffer.from('<message id="m1"><body>审批</body></message>');
  const inside = bytes.indexOf(Buffer.from('批')) + 1;
  const arrived = once(xmpp, 'stanza') as Promise<[Element]>;
  // As the socket delivers two reads: the library's own data listener decodes them.
  socket.emit('data', bytes.subarray(0, inside));
  socket.emit('data', bytes.subarray(inside));
  const [message] = await arrived;
  closeBoth(connection);
  return message.getChildText('body');
}

describe('decodeUtf8AcrossReads', () => {
  it('a character whose bytes two socket reads split arrives whole', async () => {
    expect(await bodyAcrossTwoReads(decodeUtf8AcrossReads)).toBe('审批');
  });

  it('(without it, the library turns the split character into U+FFFD)', async () => {
    const body = await bodyAcrossTwoReads(() => undefined);
    expect(body).not.toBe('审批');
    expect(body).toContain('\uFFFD');
  });
});
