export { samplePushes } from '../../dev/samples.ts';
import { FIRST_SEND, type Push } from '../../core/push.ts';

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
    ...FIRST_SEND,
    ...overrides,
  };
}
