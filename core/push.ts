/** The push data model shared by the engine, the CLI, the desktop app and the renderer. */

export const PUSH_NS = 'urn:herald:push:0';

export const PUSH_KINDS = ['todo', 'news', 'notice'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

export const PUSH_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type PushPriority = (typeof PUSH_PRIORITIES)[number];

/** A message from a system JID, as the engine understands it. All text is plain text. */
export interface Push {
  /** Idempotency key: the extension's id, else a key derived from the stanza (see push-codec). */
  id: string;
  kind: PushKind;
  priority: PushPriority;
  title: string;
  body: string;
  /** An http(s) link or null; anything else is dropped when parsing. */
  url: string | null;
  /** Label for the link button, if the sender gave one. */
  urlLabel: string | null;
  /** ISO 8601 due date for to-dos, or null. */
  due: string | null;
  category: string | null;
  /** Bare JID of the system account that sent it. */
  from: string;
  /** When the sender sent it (XEP-0203 delay stamp), else when it was received; epoch ms. */
  sentAt: number;
  /** When this client received it; epoch ms. */
  receivedAt: number;
  /** True when the server held it back (offline storage, archive, resent after a resume). */
  delayed: boolean;
}

/** What a sender provides; the codec turns it into a stanza. */
export interface PushDraft {
  id: string;
  kind?: PushKind;
  priority?: PushPriority;
  title: string;
  body: string;
  url?: string | null;
  urlLabel?: string | null;
  due?: string | null;
  category?: string | null;
}
