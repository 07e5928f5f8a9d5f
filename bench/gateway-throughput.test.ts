import { describe, expect, it } from 'vitest';
import { combinePasses, worstScaling, type LevelSample } from './gateway-throughput.ts';

const levels = (...rates: number[]) => rates.map((rate) => ({ rate }));

describe('worstScaling', () => {
  it('is 100 % or more when each level gets at least as many pushes through as the best below it', () => {
    expect(worstScaling(levels(300, 600, 900, 900))).toBe(100);
    expect(worstScaling(levels(300, 600))).toBe(200);
  });

  it('is the deepest fall below the best rate at fewer concurrent requests, not only the previous one', () => {
    // 1,020/s at 4, then 480–540/s at 8–32: the stall the budget is for.
    expect(worstScaling(levels(300, 600, 1_020, 540, 480, 600))).toBeCloseTo((480 / 1_020) * 100);
  });

  it('has nothing to compare with a single level', () => {
    expect(worstScaling(levels(300))).toBe(100);
  });
});

describe('combinePasses', () => {
  const pass = (concurrency: number, answered: number, wallMs: number, cpu = {}): LevelSample => ({
    concurrency,
    wallMs,
    latencies: Array.from({ length: answered }, (_, i) => i + 1),
    errors: 0,
    cpu,
  });

  it('gives each concurrency one level, by rising concurrency, from the pushes of all its passes', () => {
    // Up 1 → 4 → 8, back down 4 → 1: a host that got 20 % faster halfway.
    const levels = combinePasses([
      pass(1, 1_000, 5_000),
      pass(4, 4_000, 5_000),
      pass(8, 6_000, 5_000),
      pass(4, 4_800, 5_000),
      pass(1, 1_200, 5_000),
    ]);
    expect(levels.map((level) => level.concurrency)).toEqual([1, 4, 8]);
    expect(levels.map((level) => level.rate)).toEqual([220, 880, 1_200]);
    expect(levels.map((level) => level.passRates)).toEqual([[200, 240], [800, 960], [1_200]]);
  });

  it('weights each pass by its time, and pools the latencies for the percentiles', () => {
    const [level] = combinePasses([
      pass(2, 100, 1_000, { gateway: 50 }),
      pass(2, 300, 3_000, { gateway: 70 }),
    ]);
    expect(level?.rate).toBe(100);
    expect(level?.cpu.gateway).toBeCloseTo(65);
    expect(level?.p50).toBe(100); // nearest rank over 1…100 and 1…300
  });
});
