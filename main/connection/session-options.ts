/** How saved account settings become the engine's connection options. No Electron here. */
import type { AccountSettings } from '../../core/desktop-api.ts';
import type { SessionOptions } from '../../core/xmpp-session.ts';

const DEFAULT_PORTS = { starttls: 5222, 'direct-tls': 5223, plaintext: 5222 } as const;

/** `xmpp://host:port` or `xmpps://host:port`; the host defaults to the JID's domain. */
export function serviceFor(account: AccountSettings): string {
  const host = account.host.trim() || (account.jid.split('@')[1] ?? '');
  const port = account.port ?? DEFAULT_PORTS[account.tlsMode];
  const scheme = account.tlsMode === 'direct-tls' ? 'xmpps' : 'xmpp';
  return `${scheme}://${host}:${port}`;
}

export function sessionOptionsFor(
  account: AccountSettings,
  password: string,
): Pick<SessionOptions, 'service' | 'jid' | 'password' | 'allowPlaintext'> {
  return {
    service: serviceFor(account),
    jid: account.jid,
    password,
    allowPlaintext: account.tlsMode === 'plaintext',
  };
}
