/**
 * WORKAROUND (correctness): tells callers when stream management is negotiated, so that
 * nothing is sent at `online` before it is. Not applied by applyXmppPatches: whoever opens a
 * client calls it right after creating it, then awaits `settled()` in the `online` handler.
 *
 * Without it: @xmpp/client 0.14.0 emits `online` before it sends <enable/>, and resets its
 * inbound counter only when the <enabled/> promise settles — after any stanzas that arrived
 * in the same TCP read were already counted. Anything sent at `online` is answered right
 * there, so the acks come out too low and Prosody kills the stream ("Client acknowledged
 * less stanzas than already acknowledged").
 * Upstream: related xmppjs/xmpp.js#1123 (an 'enabled' event, declined) and #1067 (counting
 * outbound stanzas from <enable/>, open); this bug is
 * docs/upstream.md#inbound-counter-reset-late.
 * Written for: @xmpp/stream-management 0.14.0 (reads the private `enableSent`).
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { SM_NS } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const streamManagementSettledPatch: PatchInfo = {
  name: 'trackStreamManagement',
  kind: 'correctness',
  writtenFor: { '@xmpp/stream-management': '0.14.0', '@xmpp/client': '0.14.0' },
  upstream: 'docs/upstream.md#inbound-counter-reset-late',
};

export function trackStreamManagement(xmpp: Client): { settled(): Promise<void> } {
  const sm = xmpp.streamManagement as unknown as { enableSent: boolean };
  let offered = false;
  let negotiated = false;
  let waiters: Array<() => void> = [];
  const release = () => {
    negotiated = true;
    const waiting = waiters;
    waiters = [];
    // Let the library's own continuation (which resets the counter) run first.
    setImmediate(() => waiting.forEach((resolve) => resolve()));
  };
  xmpp.on('nonza', (element: Element) => {
    if (
      element.name === 'stream:features' ||
      element.is('features', 'http://etherx.jabber.org/streams')
    ) {
      offered = element.getChild('sm', SM_NS) !== undefined;
      negotiated = false;
    } else if (element.is('enabled', SM_NS)) {
      release();
    } else if (element.is('failed', SM_NS) && sm.enableSent) {
      // A <failed/> after <resume/> is not the end: the library binds and enables next.
      release();
    }
  });
  xmpp.on('disconnect', release);
  return {
    settled() {
      if (!offered || negotiated) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
