import { describe, expect, it } from 'vitest';
import { xml } from '@xmpp/client';
import { unconnectedClient } from '../../test/support/local-xmpp.ts';
import { trackStreamManagement } from './stream-management-settled.ts';

const SM_NS = 'urn:xmpp:sm:3';
const features = (...children: ReturnType<typeof xml>[]) =>
  xml('stream:features', { 'xmlns:stream': 'http://etherx.jabber.org/streams' }, ...children);

/** Whether `promise` settled once the loop has run its pending immediates. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('trackStreamManagement', () => {
  it('holds `online` work until the server answered <enable/>', async () => {
    const xmpp = unconnectedClient();
    const tracked = trackStreamManagement(xmpp);
    xmpp.emit('nonza', features(xml('sm', { xmlns: SM_NS })));
    const settled = tracked.settled();
    expect(await isSettled(settled)).toBe(false);
    xmpp.emit('nonza', xml('enabled', { xmlns: SM_NS, id: 's1', resume: 'true' }));
    expect(await isSettled(settled)).toBe(true);
  });

  it('does not wait when the server offers no stream management, or the connection drops', async () => {
    const xmpp = unconnectedClient();
    xmpp.reconnect.stop(); // the 'disconnect' below is only pretended
    const tracked = trackStreamManagement(xmpp);
    xmpp.emit('nonza', features());
    expect(await isSettled(tracked.settled())).toBe(true);
    xmpp.emit('nonza', features(xml('sm', { xmlns: SM_NS })));
    const settled = tracked.settled();
    xmpp.emit('disconnect', { clean: false });
    expect(await isSettled(settled)).toBe(true);
  });
});
