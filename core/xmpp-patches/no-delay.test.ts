import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeBoth, connectLocally } from '../../test/support/local-xmpp.ts';
import { disableNagle } from './no-delay.ts';

afterEach(() => vi.restoreAllMocks());

describe('disableNagle', () => {
  it('sets TCP_NODELAY on the socket as soon as it connects', async () => {
    const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const connection = await connectLocally(disableNagle);
    expect(setNoDelay).toHaveBeenCalledWith(true);
    closeBoth(connection);
  });

  it('(without it, the library leaves Nagle on)', async () => {
    const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const connection = await connectLocally(() => undefined);
    expect(setNoDelay).not.toHaveBeenCalledWith(true);
    closeBoth(connection);
  });
});
