import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { closeBoth, openStream, received } from '../../test/support/local-xmpp.ts';
import { useHeraldStreamParser } from './stream-parser.ts';

const BAD_ENTITY = Buffer.from('<message><body>&bogus;</body></message>');

describe('useHeraldStreamParser', () => {
  it('a bad entity from the server is a stream error, not an exception out of the socket', async () => {
    const connection = await openStream(useHeraldStreamParser);
    const { xmpp, socket, peer } = connection;
    const errors: Error[] = [];
    xmpp.on('error', (error: Error) => errors.push(error));
    const answer = received(peer);
    expect(() => socket.emit('data', BAD_ENTITY)).not.toThrow();
    expect(errors.map((error) => error.name)).toEqual(['XMLError']);
    while (!answer.text().includes('<restricted-xml')) await once(peer, 'data');
    closeBoth(connection);
  });

  it('(without it, the library throws: the crash it prevents)', async () => {
    const connection = await openStream(() => undefined);
    expect(() => connection.socket.emit('data', BAD_ENTITY)).toThrow(/entity/);
    closeBoth(connection);
  });
});
