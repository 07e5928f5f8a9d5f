import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Client } from '@xmpp/client';
import { closeBoth, connectLocally, received } from '../../test/support/local-xmpp.ts';
import { batchWritesPerTurn } from './writes-per-turn.ts';

afterEach(() => vi.restoreAllMocks());

/** Three writes in one turn, then one on its own; how the socket sent them. */
async function writeARun(prepare: (xmpp: Client) => void) {
  const connection = await connectLocally(prepare);
  const { xmpp, socket, peer } = connection;
  const answer = received(peer);
  const writev = vi.spyOn(socket, '_writev');
  const writeOne = vi.spyOn(socket, '_write');
  await Promise.all(['<a/>', '<b/>', '<c/>'].map((data) => xmpp.write(data)));
  const calls = { writev: writev.mock.calls.length, writeOne: writeOne.mock.calls.length };
  await xmpp.write('<d/>');
  const afterwards = writeOne.mock.calls.length - calls.writeOne;
  while (answer.text().length < 16) await once(peer, 'data');
  closeBoth(connection);
  return { ...calls, afterwards, text: answer.text() };
}

describe('batchWritesPerTurn', () => {
  it('sends what one turn wrote in one system call, in order, and later writes on their own', async () => {
    const run = await writeARun(batchWritesPerTurn);
    expect(run).toEqual({ writev: 1, writeOne: 0, afterwards: 1, text: '<a/><b/><c/><d/>' });
  });

  it('(without it, the writes of one turn take more than one system call)', async () => {
    const run = await writeARun(() => undefined);
    expect(run.writev + run.writeOne).toBeGreaterThan(1);
    expect(run.text).toBe('<a/><b/><c/><d/>');
  });
});
