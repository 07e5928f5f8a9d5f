/**
 * TCP_NODELAY on an already connected @xmpp/client (dev/xmpp-peer.ts's plain peers), as
 * core/xmpp-patches/no-delay.ts's disableNagle does for Herald's sessions at every connect.
 */
import type { Client } from '@xmpp/client';

export function setNoDelay(xmpp: Client): void {
  type Tunable = { setNoDelay?: (noDelay: boolean) => unknown; socket?: Tunable | null };
  const socket = xmpp.socket as unknown as Tunable | null;
  (socket?.socket ?? socket)?.setNoDelay?.(true);
}
