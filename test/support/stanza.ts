/** Stanzas from XML text, for tests of the code that reads them. */
import type { Element } from '@xmpp/xml';
import { XmppStreamParser } from '../../core/xmpp-stream-parser.ts';

/** Parses like the XMPP client does: a stanza inside a jabber:client stream. */
export function parseStanza(text: string): Element {
  const parser = new XmppStreamParser();
  let result: Element | undefined;
  parser.on('element', (el: Element) => (result = el));
  parser.on('error', (error: Error) => {
    throw error;
  });
  parser.write(
    `<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams">${text}`,
  );
  if (!result) throw new Error(`not a complete stanza: ${text.slice(0, 80)}`);
  return result;
}
