import { rm } from 'node:fs/promises';

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

/** What a server's starter knows; the rest of an XmppServer follows from it. */
export interface ServerParts {
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  caFile: string;
  dir: string;
  register(user: string, password: string): Promise<string>;
  start(): Promise<void>;
  halt(): Promise<void>;
  /** How to stop when the dir is removed next (default: halt). */
  haltForRemoval?(): Promise<void>;
  readLog(): Promise<string>;
}

export function xmppServer(parts: ServerParts): XmppServer {
  const { domain, c2sPort, directTlsPort, halt, start } = parts;
  return {
    domain,
    service: `xmpp://${domain}:${c2sPort}`,
    directTlsService: `xmpps://${domain}:${directTlsPort}`,
    c2sPort,
    directTlsPort,
    caFile: parts.caFile,
    dir: parts.dir,
    register: parts.register,
    async restart() {
      await halt();
      await start();
    },
    halt,
    start,
    async stop() {
      await (parts.haltForRemoval ?? halt)();
      await rm(parts.dir, { recursive: true, force: true });
    },
    readLog: parts.readLog,
  };
}
