import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.ts';

const delays = (backoff: { next(): number }, n: number) =>
  Array.from({ length: n }, () => backoff.next());

describe('createBackoff', () => {
  it('doubles from 1 s and stops at 60 s (no jitter at random = 0.5)', () => {
    const backoff = createBackoff({ random: () => 0.5 });
    expect(delays(backoff, 9)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoff.attempt).toBe(9);
  });

  it('spreads each delay down to -20 %, also at the cap', () => {
    const backoff = createBackoff({ random: () => 0 });
    expect(delays(backoff, 8)).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 48_000, 48_000]);
  });

  it('spreads up to +20 % but never beyond maxMs', () => {
    const backoff = createBackoff({ random: () => 0.999_999 });
    expect(delays(backoff, 7)).toEqual([1200, 2400, 4800, 9600, 19_200, 38_400, 60_000]);
  });

  it('starts again at about 1 s after reset', () => {
    const backoff = createBackoff({ random: () => 0.5 });
    delays(backoff, 5);
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(1000);
    expect(backoff.attempt).toBe(1);
  });

  it('stays finite and bounded after thousands of failures', () => {
    let r = 0;
    const backoff = createBackoff({ random: () => (r = (r + 0.37) % 1) });
    const all = delays(backoff, 5_000);
    expect(all.every((ms) => Number.isInteger(ms) && ms >= 800 && ms <= 60_000)).toBe(true);
    expect(Math.min(...all.slice(10))).toBeGreaterThanOrEqual(48_000);
  });

  it('honours custom base, factor, cap and jitter', () => {
    const backoff = createBackoff({
      baseMs: 500,
      factor: 3,
      maxMs: 10_000,
      jitter: 0,
      random: () => 0,
    });
    expect(delays(backoff, 5)).toEqual([500, 1500, 4500, 10_000, 10_000]);
  });

  it('keeps a broken random source within the jitter range', () => {
    for (const value of [Number.NaN, -1, 5, Number.POSITIVE_INFINITY]) {
      const first = createBackoff({ random: () => value }).next();
      expect(first).toBeGreaterThanOrEqual(800);
      expect(first).toBeLessThanOrEqual(1200);
    }
  });

  it('uses Math.random by default', () => {
    for (let i = 0; i < 100; i += 1) {
      const first = createBackoff().next();
      expect(first).toBeGreaterThanOrEqual(800);
      expect(first).toBeLessThanOrEqual(1200);
    }
  });

  it.each([
    ['baseMs 0', { baseMs: 0 }],
    ['maxMs below baseMs', { baseMs: 2000, maxMs: 1000 }],
    ['an infinite maxMs', { maxMs: Number.POSITIVE_INFINITY }],
    ['a shrinking factor', { factor: 0.5 }],
    ['jitter above 1', { jitter: 1.5 }],
    ['NaN jitter', { jitter: Number.NaN }],
  ])('rejects %s', (_name, options) => {
    expect(() => createBackoff(options)).toThrow(RangeError);
  });
});
