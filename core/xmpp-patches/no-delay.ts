/**
 * PATCH (speed): TCP_NODELAY on every TCP connection the client opens.
 *
 * Without it: @xmpp/tcp and @xmpp/tls leave Nagle's algorithm on, so a small write that
 * follows another one before the server's TCP ack (the stream-management <r/> sent 2 ms after
 * a push, an <a/> or a receipt right after a stanza) waits for that ack, which the server's
 * kernel delays by up to 40 ms: a push through the gateway was acknowledged in 44 ms instead
 * of 3 (bench/, docs/performance.md).
 * Upstream: none filed; docs/upstream.md#nagle.
 * Written for: @xmpp/connection-tcp 0.14.0, @xmpp/tcp 0.14.0 and @xmpp/tls 0.14.0 (uses only
 * the public 'connect' event and `socket`; listed because it depends on what the socket is).
 */
import type { Client } from '@xmpp/client';
import { socketOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const noDelayPatch: PatchInfo = {
  name: 'disableNagle',
  kind: 'speed',
  writtenFor: { '@xmpp/connection-tcp': '0.14.0', '@xmpp/tcp': '0.14.0', '@xmpp/tls': '0.14.0' },
  upstream: 'docs/upstream.md#nagle',
};

export function disableNagle(xmpp: Client): void {
  xmpp.on('connect', () => {
    socketOf<{ setNoDelay(noDelay: boolean): unknown }>(xmpp)?.setNoDelay?.(true);
  });
}
