/**
 * What the dev tools and the integration tests need from a throwaway XMPP server on loopback,
 * whichever software it is (dev/prosody.ts, dev/ejabberd.ts).
 */
export interface XmppServer {
  /** XMPP domain; the certificate is for this name. */
  readonly domain: string;
  /** STARTTLS c2s, e.g. `xmpp://localhost:40123`. */
  readonly service: string;
  /** Direct TLS c2s, e.g. `xmpps://localhost:40124`. */
  readonly directTlsService: string;
  readonly c2sPort: number;
  readonly directTlsPort: number;
  /** PEM file of the CA that signed the server certificate. */
  readonly caFile: string;
  readonly dir: string;
  /** Creates the account; resolves with its bare JID. */
  register(user: string, password: string): Promise<string>;
  /** Stop and start again on the same ports and data (a server restart). */
  restart(): Promise<void>;
  /** Stop the process, keeping the data dir. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stop and remove the temp dir. */
  stop(): Promise<void>;
  readLog(): Promise<string>;
}
