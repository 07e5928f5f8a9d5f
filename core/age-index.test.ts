import { describe, expect, test } from 'vitest';
import { AgeIndex } from './age-index.ts';

describe('AgeIndex', () => {
  test('gives the live items oldest first, equal times in arrival order, like a stable sort', () => {
    let seed = 11;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const live = new Map<string, number>();
    const index = new AgeIndex();
    const arrivals: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const id = `item-${i}`;
      // Mostly increasing times with clock jumps back and many equal times.
      const at = Math.floor(i / 3) - (random() < 0.1 ? Math.floor(random() * 300) : 0);
      live.set(id, at);
      arrivals.push(id);
      index.add(id, at);
      if (random() < 0.2) live.delete(arrivals[Math.floor(random() * arrivals.length)] ?? '');
    }
    const expected = arrivals
      .filter((id) => live.has(id))
      .sort((a, b) => (live.get(a) ?? 0) - (live.get(b) ?? 0));
    const isLive = (id: string, at: number) => live.get(id) === at;
    const popped: string[] = [];
    for (let oldest = index.oldest(isLive); oldest; oldest = index.oldest(isLive)) {
      index.removeOldest();
      popped.push(oldest.id);
    }
    expect(popped).toEqual(expected);
    expect(index.size).toBe(0);
  });

  test('rebuild keeps the given order for equal times', () => {
    const index = new AgeIndex();
    index.rebuild([
      { id: 'b', receivedAt: 5 },
      { id: 'a', receivedAt: 5 },
      { id: 'c', receivedAt: 1 },
    ]);
    const popped: string[] = [];
    for (let oldest = index.oldest(() => true); oldest; oldest = index.oldest(() => true)) {
      index.removeOldest();
      popped.push(oldest.id);
    }
    expect(popped).toEqual(['c', 'b', 'a']);
  });
});
