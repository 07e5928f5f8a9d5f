import { readFileSync } from 'node:fs';
import type { Push, PushDraft } from '../../core/push.ts';

/** The realistic English and Chinese pushes from dev/samples (a copy of shared/samples). */
export const samplePushes: PushDraft[] = JSON.parse(
  readFileSync(new URL('../../dev/samples/pushes.json', import.meta.url), 'utf8'),
) as PushDraft[];

let counter = 0;

/** A parsed push with sensible defaults, for tests that need many distinct ones. */
export function makePush(overrides: Partial<Push> = {}): Push {
  counter++;
  const at = overrides.receivedAt ?? Date.now();
  return {
    id: `push-${counter}`,
    kind: 'todo',
    priority: 'normal',
    title: `Title ${counter}`,
    body: `Body ${counter}`,
    url: null,
    urlLabel: null,
    due: null,
    category: null,
    from: 'notify@localhost',
    sentAt: at,
    receivedAt: at,
    delayed: false,
    ...overrides,
  };
}
