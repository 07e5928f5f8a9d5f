/**
 * Reading parts of a stanza, shared by the trust check (stanza-trust.ts) and the push codec
 * (push-codec.ts), so the two can never disagree about what a stanza says.
 * No `instanceof`: a second copy of ltx in node_modules must not hide children.
 */
import type { Element } from '@xmpp/xml';
import { normalizeBareJid } from './jid.ts';

export const SID_NS = 'urn:xmpp:sid:0';

/** The first child element with this name and namespace. A loop: it runs for every push. */
export function findChild(
  parent: Element,
  name: string,
  ns: string | undefined,
): Element | undefined {
  for (const node of parent.children) {
    if (typeof node === 'object' && node !== null && node.getName() === name && node.getNS() === ns)
      return node;
  }
  return undefined;
}

export function childElements(el: Element): Element[] {
  return el.children.filter((node): node is Element => typeof node === 'object' && node !== null);
}

/** An attribute that is a string, else null (a careless caller may have put anything there). */
export function stringAttr(el: Element | undefined, name: string): string | null {
  const value: unknown = el?.attrs[name];
  return typeof value === 'string' ? value : null;
}

/**
 * Our server's archive id for this message (XEP-0359): only a `<stanza-id>` whose `by` is
 * exactly our bare JID, which only our own archive stamps; a full JID in `by` is someone else's
 * claim. null when there is none.
 */
export function ownStanzaId(message: Element, ownBareJid: string | null): string | null {
  if (ownBareJid === null) return null;
  for (const el of childElements(message)) {
    if (el.getName() !== 'stanza-id' || el.getNS() !== SID_NS) continue;
    const by = stringAttr(el, 'by');
    const id = stringAttr(el, 'id');
    if (id && by !== null && !by.includes('/') && normalizeBareJid(by) === ownBareJid) return id;
  }
  return null;
}
