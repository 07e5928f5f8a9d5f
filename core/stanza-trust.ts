/**
 * The spoofing gate: decides whether an incoming <message> is a push we may trust, and
 * unwraps carbons (XEP-0280) and archive results (XEP-0313). Pure; never parses content.
 *
 * Wrappers are where XMPP clients get spoofed: anybody can send us a <message> that
 * contains a <received> or <result> claiming to forward a message "from" the system JID.
 * Only our own server may wrap, and it does so from our own bare JID (or, for MAM, with no
 * `from` at all), so that is the only wrapper we unwrap.
 */
import type { Element } from '@xmpp/xml';
import { normalizeBareJid } from './jid.ts';
import { PUSH_NS } from './push.ts';
import { childElements, findChild, ownStanzaId, stringAttr } from './stanza-parts.ts';

export interface TrustContext {
  ownBareJid: string;
  /** Lowercased bare JIDs of the accounts allowed to push. */
  systemJids: ReadonlySet<string>;
  /** True only for query ids this client sent (and has not forgotten). */
  isOurMamQuery(queryId: string): boolean;
}

export type Classified =
  | {
      verdict: 'push';
      source: 'live' | 'carbon' | 'archive';
      /** The message to parse: the stanza itself, or the forwarded inner message. */
      message: Element;
      /** Id in our own archive (MAM result id / our server's stanza-id): resume point for catch-up. */
      archiveId: string | null;
      /** Stamp of the <delay> next to a forwarded message (archive only). */
      delayStamp: string | null;
    }
  | {
      /**
       * What the user did on another of their devices: a message their own account sent to
       * a system JID (docs/wire-format.md), as a sent carbon or from their own archive.
       */
      verdict: 'own-event';
      source: 'carbon' | 'archive';
      message: Element;
      archiveId: string | null;
    }
  | { verdict: 'ignore'; reason: IgnoreReason };

export type IgnoreReason =
  | 'not-a-message'
  | 'type-error'
  | 'type-groupchat'
  | 'not-from-system-jid'
  | 'forged-carbon'
  | 'sent-carbon'
  | 'malformed-carbon'
  | 'forged-mam'
  | 'unknown-mam-query'
  | 'malformed-mam'
  | 'multiple-wrappers';

const CARBONS_NS = 'urn:xmpp:carbons:2';
const FORWARD_NS = 'urn:xmpp:forward:0';
const MAM_NS = 'urn:xmpp:mam:2';
const DELAY_NS = 'urn:xmpp:delay';

export function classifyIncomingMessage(stanza: Element, ctx: TrustContext): Classified {
  if (stanza.getName() !== 'message') return ignore('not-a-message');
  const typeProblem = checkType(stanza);
  if (typeProblem) return ignore(typeProblem);

  const ownBare = normalizeBareJid(ctx.ownBareJid);
  const wrappers = childElements(stanza).filter(isWrapper);
  if (wrappers.length > 1) return ignore('multiple-wrappers');
  const wrapper = wrappers[0];
  if (wrapper === undefined) {
    if (!isFromSystemJid(stanza, ctx)) return ignore('not-from-system-jid');
    return {
      verdict: 'push',
      source: 'live',
      message: stanza,
      archiveId: ownStanzaId(stanza, ownBare),
      delayStamp: null,
    };
  }

  const from = stringAttr(stanza, 'from');
  if (wrapper.getNS() === CARBONS_NS) {
    // XEP-0280 §11: a carbon MUST come from our bare JID. A full JID (one of our own
    // resources) is a peer client, not the server, so it is not trusted either.
    if (from === null || !isExactlyBare(from, ownBare)) return ignore('forged-carbon');
    const inner = forwardedMessage(wrapper);
    if (wrapper.getName() === 'sent') {
      if (!inner || !isOwnEvent(inner.message, ownBare, ctx)) return ignore('sent-carbon');
      const archiveId = ownStanzaId(stanza, ownBare);
      return { verdict: 'own-event', source: 'carbon', message: inner.message, archiveId };
    }
    if (!inner) return ignore('malformed-carbon');
    const verdict = checkInner(inner.message, ctx);
    if (verdict) return ignore(verdict);
    const archiveId = ownStanzaId(stanza, ownBare) ?? ownStanzaId(inner.message, ownBare);
    return {
      verdict: 'push',
      source: 'carbon',
      message: inner.message,
      archiveId,
      delayStamp: null,
    };
  }

  // MAM: results for our own archive come with no `from`, or from our bare JID.
  if (from !== null && !isExactlyBare(from, ownBare)) return ignore('forged-mam');
  const queryId = stringAttr(wrapper, 'queryid');
  if (queryId === null || !ctx.isOurMamQuery(queryId)) return ignore('unknown-mam-query');
  const inner = forwardedMessage(wrapper);
  if (!inner) return ignore('malformed-mam');
  if (isOwnEvent(inner.message, ownBare, ctx)) {
    const archiveId = stringAttr(wrapper, 'id');
    return { verdict: 'own-event', source: 'archive', message: inner.message, archiveId };
  }
  const verdict = checkInner(inner.message, ctx);
  if (verdict) return ignore(verdict);
  const delay = findChild(inner.forwarded, 'delay', DELAY_NS);
  return {
    verdict: 'push',
    source: 'archive',
    message: inner.message,
    archiveId: stringAttr(wrapper, 'id'),
    delayStamp: delay ? stringAttr(delay, 'stamp') : null,
  };
}

function ignore(reason: IgnoreReason): Classified {
  return { verdict: 'ignore', reason };
}

function checkType(message: Element): IgnoreReason | null {
  const type = stringAttr(message, 'type');
  if (type === 'error') return 'type-error';
  if (type === 'groupchat') return 'type-groupchat';
  // 'headline' is accepted like chat/normal when it comes from a system JID; servers just
  // will not store it offline, which is the sender's concern (see design: use chat/normal).
  return null;
}

function checkInner(inner: Element, ctx: TrustContext): IgnoreReason | null {
  return checkType(inner) ?? (isFromSystemJid(inner, ctx) ? null : 'not-from-system-jid');
}

function isWrapper(child: Element): boolean {
  const ns = child.getNS();
  const name = child.getName();
  return (
    (ns === CARBONS_NS && (name === 'received' || name === 'sent')) ||
    (ns === MAM_NS && name === 'result')
  );
}

function forwardedMessage(wrapper: Element): { forwarded: Element; message: Element } | null {
  const forwarded = findChild(wrapper, 'forwarded', FORWARD_NS);
  const message = forwarded && childElements(forwarded).find((el) => el.getName() === 'message');
  return forwarded && message ? { forwarded, message } : null;
}

/** A Herald event from the user's own account (any of its devices) to a system JID. */
function isOwnEvent(message: Element, ownBare: string | null, ctx: TrustContext): boolean {
  if (!findChild(message, 'event', PUSH_NS)) return false;
  const from = stringAttr(message, 'from');
  if (ownBare === null || from === null || normalizeBareJid(from) !== ownBare) return false;
  return checkType(message) === null && isSystemJid(stringAttr(message, 'to'), ctx);
}

function isFromSystemJid(message: Element, ctx: TrustContext): boolean {
  return isSystemJid(stringAttr(message, 'from'), ctx);
}

function isSystemJid(address: string | null, ctx: TrustContext): boolean {
  const bare = address === null ? null : normalizeBareJid(address);
  if (bare === null) return false;
  if (ctx.systemJids.has(bare)) return true;
  // Tolerate a caller that configured "Notify@Example.com": normalise its entries the same way.
  for (const jid of ctx.systemJids) if (normalizeBareJid(jid) === bare) return true;
  return false;
}

function isExactlyBare(address: string, ownBare: string | null): boolean {
  return ownBare !== null && !address.includes('/') && normalizeBareJid(address) === ownBare;
}
