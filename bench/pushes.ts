/** Realistic pushes (dev/samples, English and Chinese) with unique ids, for every benchmark. */
import type { PushDraft } from '../core/push.ts';
import { samplePushes } from '../dev/samples.ts';

export function benchDraft(prefix: string, index: number): PushDraft {
  const sample = samplePushes[index % samplePushes.length];
  if (!sample) throw new Error('dev/samples has no pushes');
  return { ...sample, id: `${prefix}-${index}`, title: `${sample.title} (${index})` };
}

/** The JSON body a business system POSTs to /v1/push. */
export function pushRequestBody(to: string, draft: PushDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { to };
  for (const [key, value] of Object.entries(draft)) if (value != null) body[key] = value;
  return body;
}
