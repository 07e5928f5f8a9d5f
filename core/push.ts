/** The push data model shared by the engine, the CLI, the desktop app and the renderer. */

export const PUSH_NS = 'urn:herald:push:0';

export const PUSH_KINDS = ['todo', 'news', 'notice'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

export const PUSH_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type PushPriority = (typeof PUSH_PRIORITIES)[number];

/** Where the sender says a push stands (docs/wire-format.md): the highest revision wins. */
export const PUSH_STATES = ['open', 'done', 'retracted'] as const;
export type PushState = (typeof PUSH_STATES)[number];

export const ACTION_STYLES = ['primary', 'destructive'] as const;
export type ActionStyle = (typeof ACTION_STYLES)[number];

/** A button on a push; the user's choice goes back to the sender as an `action` event. */
export interface PushAction {
  id: string;
  label: string;
  style: ActionStyle | null;
  /** A question to confirm before the choice counts, e.g. "Reject the report?". */
  confirm: string | null;
}

export const MAX_ACTIONS = 3;

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
  /** The sender's revision: 0 for the first send; a higher one replaces the item's content. */
  rev: number;
  state: PushState;
  /** ISO 8601; from then on the push is not shown and leaves the inbox. */
  expires: string | null;
  /** The sender asks the user to acknowledge it; Herald re-alerts until they do. */
  ackRequired: boolean;
  actions: PushAction[];
}

/** A push's lifecycle fields as a first send without any of them has them. */
export const FIRST_SEND: Pick<Push, 'rev' | 'state' | 'expires' | 'ackRequired' | 'actions'> = {
  rev: 0,
  state: 'open',
  expires: null,
  ackRequired: false,
  actions: [],
};

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
  rev?: number;
  state?: PushState;
  expires?: string | null;
  ackRequired?: boolean;
  actions?: PushAction[];
}
