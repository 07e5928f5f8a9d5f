import { describe, expect, it } from 'vitest';
import { worstScaling } from './gateway-throughput.ts';

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
