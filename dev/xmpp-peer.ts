/**
 * A plain @xmpp/client session for tests and the demo: the system account that sends pushes, or an
 * attacker, or a second device of the user. Deliberately not the Herald engine.
 */
import { client, xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { readFileSync } from 'node:fs';
import { trustExtraCertificates } from '../core/tls-trust.ts';
import { whenAcknowledged } from '../core/xmpp-patches/internals.ts';
import { keepLateSocketErrorsHandled } from '../core/xmpp-patches/late-socket-errors.ts';
import { stopClient } from '../core/xmpp-patches/stop-client.ts';
import { trackStreamManagement } from '../core/xmpp-patches/stream-management-settled.ts';
import { useHeraldStreamParser } from '../core/xmpp-patches/stream-parser.ts';
import { decodeUtf8AcrossReads } from '../core/xmpp-patches/utf8-across-reads.ts';

export interface Peer {
  xmpp: Client;
  jid: string;
  /** Sends and waits until the server acknowledged it (XEP-0198). */
  sendAcked(element: Element): Promise<void>;
  received: Element[];
  waitForStanza(match: (stanza: Element) => boolean, timeoutMs?: number): Promise<Element>;
  stop(): Promise<void>;
}

export async function connectPeer(options: {
  service: string;
  caFile: string;
  jid: string;
  password: string;
  resource?: string;
  presence?: boolean;
}): Promise<Peer> {
  trustExtraCertificates(readFileSync(options.caFile, 'utf8'));
  const [username, domain] = options.jid.split('@') as [string, string];
  const xmpp = client({
    service: options.service,
    domain,
    username,
    password: options.password,
    resource: options.resource,
    // The library's 2 s for each step (the stream opening after STARTTLS) ran out in a test
    // on a loaded 2-core machine; a test peer has nowhere better to be.
    timeout: 10_000,
  });
  xmpp.reconnect.stop();
  decodeUtf8AcrossReads(xmpp);
  useHeraldStreamParser(xmpp);
  keepLateSocketErrorsHandled(xmpp);
  xmpp.on('error', () => undefined);
  const received: Element[] = [];
  xmpp.on('stanza', (stanza) => received.push(stanza));
  const streamManagement = trackStreamManagement(xmpp);
  await xmpp.start();
  await streamManagement.settled();
  if (options.presence !== false) await xmpp.send(xml('presence'));

  return {
    xmpp,
    jid: xmpp.jid?.toString() ?? options.jid,
    received,
    async sendAcked(element) {
      const acked = whenAcknowledged(xmpp, [element]);
      await xmpp.send(element);
      await acked;
    },
    async waitForStanza(match, timeoutMs = 15_000) {
      const seen = received.find(match);
      if (seen) return seen;
      return new Promise<Element>((resolve, reject) => {
        const timer = setTimeout(() => {
          xmpp.off('stanza', listener);
          reject(new Error('timed out waiting for a stanza'));
        }, timeoutMs);
        const listener = (stanza: Element) => {
          if (!match(stanza)) return;
          clearTimeout(timer);
          xmpp.off('stanza', listener);
          resolve(stanza);
        };
        xmpp.on('stanza', listener);
      });
    },
    async stop() {
      await stopClient(xmpp);
    },
  };
}
