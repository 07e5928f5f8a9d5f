/**
 * The push wire format (design.md, "Push wire format"): <message> ⇄ Push / PushDraft.
 * Trust is decided before parsing (stanza-trust.ts). Every field is still hostile text here,
 * so parsing never throws and returns bounded plain text that cannot reorder itself.
 */
import { createHash } from 'node:crypto';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import {
  ACTION_STYLES,
  MAX_ACTIONS,
  PUSH_KINDS,
  PUSH_NS,
  PUSH_PRIORITIES,
  PUSH_STATES,
} from './push.ts';
import type { Push, PushAction, PushDraft } from './push.ts';
import { normalizeBareJid } from './jid.ts';
import { findChild, ownStanzaId, SID_NS, stringAttr } from './stanza-parts.ts';

/** Upper bounds in UTF-16 code units; longer text is cut and ends with "…". */
export const PUSH_LIMITS = {
  title: 300,
  body: 10_000,
  category: 64,
  urlLabel: 100,
  id: 200,
  url: 2048,
  actionId: 64,
  actionLabel: 40,
  actionConfirm: 200,
} as const;

const OOB_NS = 'jabber:x:oob';
const DELAY_NS = 'urn:xmpp:delay';
const CORRECTION_NS = 'urn:xmpp:message-correct:0';
const RETRACT_NS = 'urn:xmpp:message-retract:1';
const FALLBACK_NS = 'urn:xmpp:fallback:0';
/** Revisions are integers a JSON number and SQLite hold exactly. */
const REVISION = /^\d{1,15}$/;

export interface ParseContext {
  receivedAt: number;
  ownBareJid: string;
  /** Stamp of the <delay> beside a forwarded message (MAM); it wins over one inside it. */
  delayStamp?: string | null;
  /** MAM result id: the same value the live copy carried as our server's stanza-id. */
  archiveId?: string | null;
  /** What peekPushId returned for this message, when the caller asked it first. */
  peekedId?: string | null;
  /** Told when parsing threw (then the message counts as no push), for the debug log and tests. */
  onMalformed?(error: unknown): void;
}

export interface SerializeOptions {
  type?: 'chat' | 'normal';
  requestReceipt?: boolean;
}

export function parsePushMessage(message: Element, context: ParseContext): Push | null {
  try {
    return parseTrusted(message, context);
  } catch (error) {
    // Last line of defence: one malformed stanza must not take down the stanza handler.
    context.onMalformed?.(error);
    return null;
  }
}

function parseTrusted(message: Element, context: ParseContext): Push | null {
  const ns = message.getNS();
  const rawSubject = findChild(message, 'subject', ns)?.getText() ?? '';
  const rawBody = findChild(message, 'body', ns)?.getText() ?? '';
  const subject = sanitizeText(rawSubject, PUSH_LIMITS.title, true);
  const body = sanitizeText(rawBody, PUSH_LIMITS.body);
  const ext = findChild(message, 'push', PUSH_NS);
  const state = isOneOf(PUSH_STATES, stringAttr(ext, 'state')) ?? 'open';
  // Chat states, receipts, … have no text; a retraction needs none.
  if (subject === '' && body === '' && state !== 'retracted') return null;
  const from = normalizeBareJid(stringAttr(message, 'from') ?? '') ?? '';
  const oob = findChild(message, 'x', OOB_NS);
  const url = oob ? parseSafeLink(findChild(oob, 'url', OOB_NS)?.getText() ?? '') : null;
  const label =
    url && oob
      ? sanitizeText(findChild(oob, 'desc', OOB_NS)?.getText() ?? '', PUSH_LIMITS.urlLabel, true)
      : '';
  const category = sanitizeText(stringAttr(ext, 'category') ?? '', PUSH_LIMITS.category, true);

  const innerDelay = findChild(message, 'delay', DELAY_NS);
  const stamp = context.delayStamp ?? (innerDelay ? (stringAttr(innerDelay, 'stamp') ?? '') : null);
  const stampMs = stamp === null ? null : parseIsoDate(stamp);

  // Text a push keeps must not be a slice of the parser's input: see ownCopy.
  return {
    id: ownCopy(pickId(message, from, context, [from, rawSubject, rawBody, stamp ?? ''])),
    kind: isOneOf(PUSH_KINDS, stringAttr(ext, 'kind')) ?? 'notice',
    priority: isOneOf(PUSH_PRIORITIES, stringAttr(ext, 'priority')) ?? 'normal',
    // Without a subject, the first line of the body is the title; the body stays whole.
    title: ownCopy(subject || sanitizeText(body.split('\n', 1)[0] ?? '', PUSH_LIMITS.title, true)),
    body: ownCopy(body),
    url,
    urlLabel: label ? ownCopy(label) : null,
    due: toIsoString(stringAttr(ext, 'due') ?? ''),
    category: category ? ownCopy(category) : null,
    from: ownCopy(from),
    // Clock skew must not date a push in this machine's future (ordering, staleness).
    sentAt: stampMs === null ? context.receivedAt : Math.min(stampMs, context.receivedAt),
    receivedAt: context.receivedAt,
    delayed: stamp !== null,
    rev: revisionOf(ext),
    state,
    expires: toIsoString(stringAttr(ext, 'expires') ?? ''),
    ackRequired: stringAttr(ext, 'ack') === 'required',
    actions: ext ? parseActions(ext) : [],
  };
}

/** The sender's revision of a push (docs/wire-format.md); 0 when absent or not a number. */
export function revisionOf(ext: Element | undefined): number {
  const rev = stringAttr(ext, 'rev');
  return rev !== null && REVISION.test(rev) ? Number(rev) : 0;
}

/** The revision parsePushMessage would read, without parsing the rest. */
export function peekRevision(message: Element): number {
  return revisionOf(findChild(message, 'push', PUSH_NS));
}

/** Up to MAX_ACTIONS buttons with a valid, unique id and a label; the rest are dropped. */
function parseActions(ext: Element): PushAction[] {
  const actions: PushAction[] = [];
  for (const node of ext.children) {
    if (actions.length === MAX_ACTIONS) break;
    if (typeof node !== 'object' || node.getName() !== 'action' || node.getNS() !== PUSH_NS)
      continue;
    const id = stringAttr(node, 'id');
    const label = sanitizeText(node.getText(), PUSH_LIMITS.actionLabel, true);
    if (!isValidId(id) || id.length > PUSH_LIMITS.actionId || label === '') continue;
    if (actions.some((action) => action.id === id)) continue;
    const confirm = sanitizeText(
      stringAttr(node, 'confirm') ?? '',
      PUSH_LIMITS.actionConfirm,
      true,
    );
    actions.push({
      id: ownCopy(id),
      label: ownCopy(label),
      style: isOneOf(ACTION_STYLES, stringAttr(node, 'style')),
      confirm: confirm ? ownCopy(confirm) : null,
    });
  }
  return actions;
}

/**
 * The idempotency key. Sender-assigned ids come first because they are identical on every
 * copy of a message (live, offline, MAM, carbon); server-assigned ids are the next best.
 */
function pickId(message: Element, from: string, ctx: ParseContext, hashParts: string[]): string {
  const assigned = ctx.peekedId !== undefined ? ctx.peekedId : assignedId(message, from, ctx);
  return (
    assigned ?? `sha256:${createHash('sha256').update(JSON.stringify(hashParts)).digest('hex')}`
  );
}

/**
 * The id parsePushMessage would give this message, when a sender or server assigned one;
 * null when it would hash the content. Cheap, so a copy already in the inbox (the archive
 * catch-up brings back everything the offline flood delivered) is dropped before parsing.
 */
export function peekPushId(
  message: Element,
  ctx: Pick<ParseContext, 'ownBareJid' | 'archiveId'>,
): string | null {
  try {
    return assignedId(message, normalizeBareJid(stringAttr(message, 'from') ?? '') ?? '', ctx);
  } catch {
    return null;
  }
}

function assignedId(
  message: Element,
  from: string,
  ctx: Pick<ParseContext, 'ownBareJid' | 'archiveId'>,
): string | null {
  const extId = stringAttr(findChild(message, 'push', PUSH_NS), 'id');
  if (isValidId(extId)) return extId;
  const originId = stringAttr(findChild(message, 'origin-id', SID_NS), 'id');
  if (isValidId(originId)) return originId;
  const messageId = stringAttr(message, 'id');
  if (from !== '' && isValidId(messageId)) return `${from}/${messageId}`;
  const stanzaId = ownStanzaId(message, normalizeBareJid(ctx.ownBareJid));
  if (isValidId(stanzaId)) return stanzaId;
  const archiveId = ctx.archiveId ?? null;
  return isValidId(archiveId) ? archiveId : null;
}

/**
 * Builds exactly the stanza in docs/wire-format.md: the first send (rev 0) or a later revision
 * of the whole push. Text is made XML-safe here, the last stop before the wire.
 */
export function serializePush(
  draft: PushDraft,
  to: string,
  options: SerializeOptions = {},
): Element {
  const id = xmlSafe(draft.id);
  const rev = draft.rev ?? 0;
  const state = draft.state ?? 'open';
  const pushAttrs: Record<string, string> = { xmlns: PUSH_NS, id };
  if (rev > 0) pushAttrs.rev = String(rev);
  if (state !== 'open') pushAttrs.state = state;
  if (draft.kind) pushAttrs.kind = draft.kind;
  if (draft.priority) pushAttrs.priority = draft.priority;
  if (draft.due) pushAttrs.due = xmlSafe(draft.due);
  if (draft.expires) pushAttrs.expires = xmlSafe(draft.expires);
  if (draft.ackRequired) pushAttrs.ack = 'required';
  if (draft.category) pushAttrs.category = xmlSafe(draft.category);

  const url = draft.url ? parseSafeLink(draft.url) : null;
  const desc = url && draft.urlLabel ? xml('desc', {}, xmlSafe(draft.urlLabel)) : '';
  // Each revision is a message of its own: servers and clients drop a repeated stanza id.
  const messageId = revisionMessageId(id, rev);
  return xml(
    'message',
    { to, type: options.type ?? 'chat', id: messageId },
    xml('subject', {}, xmlSafe(draft.title)),
    xml('body', {}, xmlSafe(draft.body)),
    xml('push', pushAttrs, ...(draft.actions ?? []).map(serializeAction)),
    url ? xml('x', { xmlns: OOB_NS }, xml('url', {}, url), desc) : '', // '' adds nothing
    ...revisionMarkers(id, rev, state),
    options.requestReceipt === false ? '' : xml('request', { xmlns: 'urn:xmpp:receipts' }),
    xml('store', { xmlns: 'urn:xmpp:hints' }),
    xml('origin-id', { xmlns: SID_NS, id: messageId }),
  );
}

/** The message id of a push's revision: the push id for the first send, `{id}#{rev}` after. */
export function revisionMessageId(pushId: string, rev: number): string {
  return rev > 0 ? `${pushId}#${rev}` : pushId;
}

/** The push id a revision's message id names (a receipt names the message), else null. */
export function pushIdOfRevision(messageId: string): string | null {
  return /^(.+)#\d+$/.exec(messageId)?.[1] ?? null;
}

function serializeAction(action: PushAction): Element {
  const attrs: Record<string, string> = { id: xmlSafe(action.id) };
  if (action.style) attrs.style = action.style;
  if (action.confirm) attrs.confirm = xmlSafe(action.confirm);
  return xml('action', attrs, xmlSafe(action.label));
}

/** What tells a plain client that a revision corrects (XEP-0308) or withdraws (XEP-0424) a message. */
function revisionMarkers(id: string, rev: number, state: Push['state']): Element[] {
  if (rev === 0) return [];
  if (state === 'retracted')
    return [
      xml('retract', { xmlns: RETRACT_NS, id }),
      xml('fallback', { xmlns: FALLBACK_NS, for: RETRACT_NS }),
    ];
  return [xml('replace', { xmlns: CORRECTION_NS, id })];
}

// ---- text, links, dates, ids -------------------------------------------------------------

/**
 * The same text in a string of its own. A substring of 13 or more characters is, in V8, a
 * view into the string it was cut from (V8 issue 2869), and the stream parser cuts every
 * attribute and text from the whole socket read it came in (normalize() and trim() return
 * the same string when they change nothing): every push in the inbox kept its read, up to
 * 16 KB of other stanzas, alive. 10,000 parsed pushes held 15.8 MB; with their own copies,
 * 7.3 MB. Flattening a concatenation copies it; the slice then points into that copy.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

// Bidi embeddings/overrides/isolates let "exe.txt" render as "txt.exe": never show them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// C0/C1 controls except tab and newline (carriage returns were turned into newlines first).
const CONTROLS = /(?![\t\n])\p{Cc}/gu;
// CR, CRLF and the Unicode line and paragraph separators (which break lines as well as \n
// does, UAX #14 class BK) all become \n, so single-line fields really stay on one line.
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;

// Everything cleanText would change besides NFC and trimming: C0/C1 controls (tab, newline
// and carriage return among them), line and paragraph separators, bidi controls, lone
// surrogates (with the u flag, a valid pair is one code point and does not match).
const NEEDS_CLEANING = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

/** Plain, NFC, control-free text without surrounding whitespace; no length limit. */
export function cleanText(raw: string, singleLine = false): string {
  // Most text has none of them: one scan instead of five passes (this runs per field per push).
  if (!NEEDS_CLEANING.test(raw)) return raw.normalize('NFC').trim();
  const text = raw
    .toWellFormed()
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '')
    .normalize('NFC');
  return (singleLine ? text.replace(/[\t\n]+/g, ' ') : text).trim();
}

/** cleanText, then cut to `limit` with a trailing "…". Work is bounded for huge input. */
export function sanitizeText(raw: string, limit: number, singleLine = false): string {
  // Cleaning only removes characters, so a few times the limit is plenty to look at.
  let end = Math.min(raw.length, limit * 4 + 64);
  if (end < raw.length && isHighSurrogate(raw.charCodeAt(end - 1))) end -= 1;
  const text = cleanText(raw.slice(0, end), singleLine);
  if (text.length <= limit && end === raw.length) return text;
  let cut = Math.min(text.length, limit - 1);
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** An http(s) link as `URL.href` (IDN hosts as punycode, so look-alikes show), else null. */
export function parseSafeLink(raw: string): string | null {
  const text = raw.trim();
  if (text === '' || text.length > PUSH_LIMITS.url) return null;
  const url = URL.parse(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (url.username !== '' || url.password !== '') return null; // "https://bank.com@evil.example"
  return url.href.length <= PUSH_LIMITS.url ? url.href : null;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2})))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** 400 Gregorian years are exactly 146,097 days: how years 0–99 dodge Date.UTC's 1900 offset. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

/**
 * Epoch ms of an XEP-0082 date or date-time, else null. A time needs a zone (otherwise it
 * would mean this machine's zone); a date alone is UTC midnight. Impossible calendar dates
 * such as 2026-02-30, which Date.parse silently rolls over, are rejected. Fractions of a
 * millisecond are cut off, as Date.parse does.
 */
export function parseIsoDate(value: string): number | null {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return null;
  const number = (index: number) => Number(match[index] ?? 0);
  const [year, month, day] = [number(1), number(2), number(3)];
  const [hour, minute, second] = [number(4), number(5), number(6)];
  const [zoneHour, zoneMinute] = [number(9), number(10)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31))) return null;
  if (hour > 23 || minute > 59 || second > 59 || zoneHour > 23 || zoneMinute > 59) return null;
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const shifted = year < 100 ? year + 400 : year;
  const local = Date.UTC(shifted, month - 1, day, hour, minute, second, millis);
  const zoneMs = (zoneHour * 60 + zoneMinute) * 60_000 * (match[8] === '-' ? -1 : 1);
  return local - zoneMs - (shifted === year ? 0 : FOUR_CENTURIES_MS);
}

/** The ISO string of what parseIsoDate reads, else null. */
export function toIsoString(value: string): string | null {
  const ms = parseIsoDate(value);
  return ms === null ? null : new Date(ms).toISOString();
}

// Ids are keys, never display text, so they are accepted as-is or not at all.
const PRINTABLE_ID = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]+$/u;

export function isValidId(value: string | null | undefined): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= PUSH_LIMITS.id &&
    PRINTABLE_ID.test(value)
  );
}

// XML 1.0 forbids most C0 controls and lone surrogates; one of them would end the XMPP stream.
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): T | null {
  return allowed.find((item) => item === value) ?? null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
