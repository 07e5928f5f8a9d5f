import { readFileSync } from 'node:fs';
import type { PushDraft } from '../core/push.ts';

/** Realistic English and Chinese pushes (a copy of shared/samples/pushes.json). */
export const samplePushes: PushDraft[] = JSON.parse(
  readFileSync(new URL('./samples/pushes.json', import.meta.url), 'utf8'),
) as PushDraft[];
