import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.ts';

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('percentile (nearest rank)', () => {
  it('is the smallest sample with at least p % of the samples at or below it', () => {
    expect(percentile(oneToTen, 50)).toBe(5);
    expect(percentile(oneToTen, 90)).toBe(9);
    expect(percentile(oneToTen, 91)).toBe(10);
    expect(percentile(oneToTen, 99)).toBe(10);
    expect(percentile(oneToTen, 100)).toBe(10);
  });

  it('never interpolates: the median of an even count is the lower middle sample', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('gives p99 of 100 samples as the 99th, not the largest', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 99.5)).toBe(100);
  });

  it('takes the first sample for p = 0 and the only sample of one', () => {
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('lands on a tied value wherever the rank falls among the ties', () => {
    expect(percentile([1, 2, 2, 2, 9], 30)).toBe(2);
    expect(percentile([1, 2, 2, 2, 9], 50)).toBe(2);
    expect(percentile([1, 2, 2, 2, 9], 80)).toBe(2);
    expect(percentile([1, 2, 2, 2, 9], 81)).toBe(9);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts a copy and reports count, p50, p99, min, max and mean', () => {
    const samples = [3, 1, 2];
    expect(summarize(samples)).toEqual({ n: 3, p50: 2, p99: 3, min: 1, max: 3, mean: 2 });
    expect(samples).toEqual([3, 1, 2]);
  });

  it('sorts numerically, not as text', () => {
    expect(summarize([10, 9, 100])).toMatchObject({ min: 9, p50: 10, max: 100 });
  });

  it('summarizes one sample as itself', () => {
    expect(summarize([4.5])).toEqual({ n: 1, p50: 4.5, p99: 4.5, min: 4.5, max: 4.5, mean: 4.5 });
  });

  it('keeps ties in the mean and the median', () => {
    expect(summarize([2, 2, 2, 10])).toEqual({ n: 4, p50: 2, p99: 10, min: 2, max: 10, mean: 4 });
  });

  it('is NaN everywhere but the count without samples', () => {
    const empty = summarize([]);
    expect(empty.n).toBe(0);
    for (const value of [empty.p50, empty.p99, empty.min, empty.max, empty.mean])
      expect(value).toBeNaN();
  });
});
