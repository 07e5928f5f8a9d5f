/** Realistic pushes (dev/samples, English and Chinese) with unique ids, for every benchmark. */
import { newInboxItem, type InboxItem } from '../../core/inbox-storage.ts';
import { FIRST_SEND, type PushDraft } from '../../core/push.ts';
import { samplePushes } from '../../dev/samples.ts';

export function benchDraft(prefix: string, index: number): PushDraft {
  const sample = samplePushes[index % samplePushes.length];
  if (!sample) throw new Error('dev/samples has no pushes');
  return { ...sample, id: benchId(prefix, index), title: `${sample.title} (${index})` };
}

/** As long as the UUID the gateway gives a push that comes without an id (36 characters). */
export function benchId(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(8, '0')}-4b1d-a2f0-3d5e6f708192`;
}

/** The JSON body a business system POSTs to /v1/push. */
export function pushRequestBody(to: string, draft: PushDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { to };
  for (const [key, value] of Object.entries(draft)) if (value != null) body[key] = value;
  return body;
}

/** A stored inbox item made from a bench draft, received at `at`; every fourth one unread. */
export function benchItem(
  draft: PushDraft,
  overrides: { at: number; index: number; kind?: InboxItem['kind'] },
): InboxItem {
  return {
    ...newInboxItem({
      ...FIRST_SEND,
      id: draft.id,
      kind: overrides.kind ?? draft.kind ?? 'notice',
      priority: draft.priority ?? 'normal',
      title: draft.title,
      body: draft.body,
      url: draft.url ?? null,
      urlLabel: draft.urlLabel ?? null,
      due: draft.due ?? null,
      category: draft.category ?? null,
      from: 'notify@localhost',
      sentAt: overrides.at,
      receivedAt: overrides.at,
      delayed: false,
    }),
    read: overrides.index % 4 !== 0,
  };
}
