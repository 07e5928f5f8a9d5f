/**
 * What the user did with a push, as one message to the system JID that sent it
 * (docs/wire-format.md, "What the user did"). The server copies it to the user's other
 * devices (carbons, archive) and to the sender, so every device and the gateway apply the
 * same event once. Trust is decided before parsing (stanza-trust.ts); here every attribute
 * is still hostile text, so parsing never throws.
 */
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { PUSH_NS } from './push.ts';
import { isValidId, ownCopy, parseIsoDate, PUSH_LIMITS } from './push-codec.ts';
import { findChild, stringAttr } from './stanza-parts.ts';

export const USER_EVENT_TYPES = [
  'read',
  'unread',
  'done',
  'undone',
  'acknowledged',
  'action',
  'deleted',
] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

export interface UserEvent {
  /** The event's own id, the same in every copy: receivers apply or forward it once. */
  id: string;
  pushId: string;
  type: UserEventType;
  /** The chosen action's id (type `action` only), else null. */
  action: string | null;
  /** When the user chose it (epoch ms): devices keep the latest read/done choice. */
  at: number;
}

const MARKERS_NS = 'urn:xmpp:chat-markers:0';

/** The message that reports `event` to `to` (the push's sender). */
export function serializeUserEvent(event: UserEvent, to: string): Element {
  const attrs: Record<string, string> = {
    xmlns: PUSH_NS,
    id: event.id,
    push: event.pushId,
    type: event.type,
    at: new Date(event.at).toISOString(),
  };
  if (event.action !== null) attrs.action = event.action;
  // XEP-0333 markers too, so senders that know only those still learn of reads and acks.
  const marker =
    event.type === 'read'
      ? xml('displayed', { xmlns: MARKERS_NS, id: event.pushId })
      : event.type === 'acknowledged'
        ? xml('acknowledged', { xmlns: MARKERS_NS, id: event.pushId })
        : '';
  return xml(
    'message',
    { to, type: 'chat', id: event.id },
    xml('event', attrs),
    marker,
    xml('store', { xmlns: 'urn:xmpp:hints' }),
  );
}

/** The event a message carries, or null when it carries none or a malformed one. */
export function parseUserEvent(message: Element): UserEvent | null {
  const el = findChild(message, 'event', PUSH_NS);
  if (!el) return null;
  const id = stringAttr(el, 'id');
  const pushId = stringAttr(el, 'push');
  const type = USER_EVENT_TYPES.find((each) => each === stringAttr(el, 'type'));
  const at = parseIsoDate(stringAttr(el, 'at') ?? '');
  if (!isValidId(id) || !isValidId(pushId) || !type || at === null) return null;
  const action = stringAttr(el, 'action');
  const validAction = isValidId(action) && action.length <= PUSH_LIMITS.actionId;
  if (type === 'action' && !validAction) return null;
  return {
    id: ownCopy(id),
    pushId: ownCopy(pushId),
    type,
    action: type === 'action' && validAction ? ownCopy(action) : null,
    at,
  };
}
