import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';

describe('FakeClock', () => {
  it('fires due timers earliest first, each at its own time, set-order on a tie', () => {
    const clock = new FakeClock(1_000);
    const fired: string[] = [];
    const log = (name: string) => () => fired.push(`${name}@${clock.monotonic()}`);
    clock.setTimeout(log('late'), 30);
    clock.setTimeout(log('early'), 10);
    clock.setTimeout(log('tie'), 10);
    clock.setTimeout(log('later'), 31);
    clock.advance(30);
    expect(fired).toEqual(['early@10', 'tie@10', 'late@30']);
    expect(clock.now()).toBe(1_030);
    expect(clock.pending).toBe(1);
  });

  it('fires a timer set by a timer when it falls due within the same advance', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.monotonic()), 5), 5);
    clock.advance(10);
    expect(fired).toEqual([10]);
  });

  it('does not fire a cleared timer', () => {
    const clock = new FakeClock();
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 5);
    clock.clearTimeout(handle);
    clock.clearTimeout(undefined);
    clock.advance(10);
    expect(fired).toBe(false);
  });

  it('a wall-clock jump moves neither monotonic time nor timers', () => {
    const clock = new FakeClock(10_000);
    let fired = false;
    clock.setTimeout(() => (fired = true), 5);
    clock.setWallTime(0);
    expect(clock.monotonic()).toBe(0);
    clock.advance(5);
    expect(fired).toBe(true);
    expect(clock.now()).toBe(5);
  });

  it('advanceAsync lets promise callbacks run between timers', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => clock.setTimeout(() => fired.push(clock.monotonic()), 1));
    }, 1);
    await clock.advanceAsync(2);
    expect(fired).toEqual([2]);
  });
});
